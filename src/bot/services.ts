import type { TurnContext } from 'botbuilder';
import type { Entry, Lang } from '../knowledge/types';
import type { WordLang } from '../language/detect';
import type { StaffNotices } from './notices';
import type { SourceLink } from './replies';
import type { OfficeHours } from '../officeHours';
import type { Matcher } from '../matching/matcher';
import type { Translate } from '../i18n';
import type { ConversationStore } from '../storage/types';

/** What the dialogs need, passed in so tests can swap any of it. */
export interface BotServices {
  matcher: Matcher;
  store: ConversationStore;
  t: Translate;
  isWord: (word: string) => boolean;
  wordLang?: (word: string) => WordLang;
  clinicName: string;
  /** The procedure the knowledge is about, for phrases such as the welcome. */
  procedure: string;
  /** Entries offered when the bot did not understand. */
  menu: Entry[];
  /** Tells open staff consoles about escalations and messages; absent without a console. */
  notices?: StaffNotices;
  /** When staff answer; after hours the patient is told when to expect a reply. */
  officeHours?: OfficeHours;
  /**
   * Deletes what was said in this turn's conversation (audited) and its state, and closes the
   * conversation ("delete my data").
   */
  forget(ctx: TurnContext): Promise<void>;
  /**
   * Where an answer can be read whole (linked when SMS cuts it), and where its words come from
   * (linked on the web); absent where the service has no public address (the in-process bot).
   */
  links?: {
    answer(entry: Entry, lang: Lang): string | undefined;
    source(entry: Entry, lang: Lang): SourceLink | undefined;
  };
}

export interface Profile {
  lang?: Lang;
}

/** What the conversation is about, kept from turn to turn. */
export interface ConversationContext {
  /** The procedure named (or picked) last: a question naming none is answered for it. */
  procedure?: string;
}
