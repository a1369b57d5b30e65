import type { Lang } from '../language/langs';

export { LANGS, type Lang } from '../language/langs';

export type ByLang<T> = Partial<Record<Lang, T>>;

/** One answer the clinic wrote, with the ways patients ask for it. */
export interface Entry {
  id: string;
  /** The knowledge file the entry came from, for build messages. */
  source: string;
  title: ByLang<string>;
  questions: ByLang<string[]>;
  answer: ByLang<string>;
  /** Short form for SMS; when absent the answer itself must fit the SMS budget. */
  sms: ByLang<string>;
  /** Languages whose text is a translation the clinic has not reviewed yet. */
  reviewPending: Lang[];
  url?: string;
  /** QnA Maker follow-up prompts: entry ids offered after this answer. */
  followUps?: { text: string; entryId: string }[];
  /** QnA Maker "IsContextOnly": reachable only as a follow-up, never matched directly. */
  contextOnly?: boolean;
  metadata?: Record<string, string>;
  /** A topic only staff can answer (billing, hours...): matching it hands the patient over. */
  handoff?: boolean | 'menu';
  /** The procedure's id (its page's slug); absent for clinic-wide entries (FAQ, notices). */
  procedure?: string;
  /** Where the answer comes from, to show the patient and staff. */
  provenance?: Provenance;
  /** The page changed since staff last looked (a re-fetch): its entries await their review. */
  sourceChanged?: boolean;
}

/** Where an entry's words were published: the page (file and address), its section, a document. */
export interface Provenance {
  /** The knowledge file, relative to the knowledge folder. */
  file: string;
  /** The page's public address (canonical link, og:url, front matter or the fetch record). */
  url?: string;
  /** The heading the answer sits under, as the page words it. */
  section?: string;
  /** The linked document (PDF instruction sheet) the answer was read from. */
  document?: { file: string; url?: string; title?: string };
}

/** A procedure the knowledge describes: one page (and its other-language version). */
export interface Procedure {
  id: string;
  name: ByLang<string>;
  /** Other names patients use: "Also known as" names and the other language's name. */
  aliases: string[];
  /** The page's file, relative to the knowledge folder. */
  page: string;
  url?: string;
}

/** What a page has only in English (or only in Spanish), so the clinic can see what to translate. */
export interface TranslationReport {
  page: string;
  /** The other-language page paired with it, when there is one. */
  pairedWith?: string;
  /** Entry ids that answer in one language only, by the language they have. */
  onlyEn: string[];
  onlyEs: string[];
}

export interface Problem {
  file: string;
  entryId?: string;
  message: string;
}

export interface KnowledgeBase {
  entries: Entry[];
  warnings: Problem[];
  /** Entry ids offered when a message was not understood. */
  menu: string[];
  /** The procedure the pages describe, for phrases such as the welcome ('' for several). */
  procedure: string;
  procedures: Procedure[];
  /** Per page, what is not translated. */
  translations: TranslationReport[];
  /** Things the build noticed but that need no action (skipped files). */
  notes: Problem[];
}
