import { ConversationState, MemoryStorage, UserState, type Storage } from 'botbuilder';
import { MainDialog } from '../../dialogs/MainDialog';
import { createTranslator } from '../i18n';
import type { KnowledgeBase } from '../knowledge/types';
import { buildMatcher, type MatcherResources } from '../matching/matcher';
import type { ConversationStore } from '../storage/types';
import type { StaffFeed } from '../staff/feed';
import type { OfficeHours } from '../staff/officeHours';
import { FaqBot } from './FaqBot';
import type { BotServices, Profile } from './services';

export interface BotOptions {
  knowledge: KnowledgeBase;
  resources: MatcherResources;
  store: ConversationStore;
  /** botbuilder's state storage; in memory unless a durable one is given. */
  storage?: Storage;
  clinicName: string;
  feed?: StaffFeed;
  officeHours?: OfficeHours;
}

export interface BuiltBot {
  bot: FaqBot;
  services: BotServices;
}

export function createBot(o: BotOptions): BuiltBot {
  const matcher = buildMatcher(o.knowledge.entries, o.resources);
  const storage = o.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const services: BotServices = {
    matcher,
    store: o.store,
    t: createTranslator(),
    isWord: o.resources.isWord,
    wordLang: o.resources.wordLang,
    clinicName: o.clinicName,
    procedure: o.knowledge.procedure,
    feed: o.feed,
    officeHours: o.officeHours,
    menu: o.knowledge.menu.map((id) => matcher.byId(id)).filter((e) => e !== undefined),
  };
  const dialog = new MainDialog(services, userState.createProperty<Profile>('profile'));
  return { bot: new FaqBot(conversationState, userState, dialog, services), services };
}
