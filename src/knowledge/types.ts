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
  /** The procedure the pages describe, for phrases such as the welcome. */
  procedure: string;
}
