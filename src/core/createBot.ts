import { ConversationState, MemoryStorage, UserState, type Storage } from 'botbuilder';
import { MainDialog } from '../../dialogs/MainDialog';
import { createTranslator } from '../i18n';
import type { KnowledgeBase } from '../knowledge/types';
import { buildMatcher, type MatcherResources } from '../matching/matcher';
import type { ConversationStore } from '../storage/types';
import type { StaffNotices } from '../bot/notices';
import type { OfficeHours } from '../officeHours';
import { FaqBot } from '../bot/FaqBot';
import type { BotServices, ConversationContext, Profile } from '../bot/services';

export interface BotOptions {
  knowledge: KnowledgeBase;
  resources: MatcherResources;
  store: ConversationStore;
  /** botbuilder's state storage; in memory unless a durable one is given. */
  storage?: Storage;
  clinicName: string;
  notices?: StaffNotices;
  officeHours?: OfficeHours;
}

export interface BuiltBot {
  bot: FaqBot;
  services: BotServices;
}

/** The bot with its dialogs: the one place that wires dialogs/ into src/bot. */
export function createBot(o: BotOptions): BuiltBot {
  const matcher = buildMatcher(o.knowledge.entries, o.resources, o.knowledge.procedures);
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
    notices: o.notices,
    officeHours: o.officeHours,
    menu: o.knowledge.menu.map((id) => matcher.byId(id)).filter((e) => e !== undefined),
    async forget(ctx) {
      await o.store.forgetConversation(ctx.activity.conversation.id);
      // The conversation's and the patient's state, by their exact keys (never a pattern: an
      // id is the caller's text, and "%" once matched every patient's state).
      await conversationState.delete(ctx);
      await userState.delete(ctx);
    },
  };
  const dialog = new MainDialog(
    services,
    userState.createProperty<Profile>('profile'),
    conversationState.createProperty<ConversationContext>('context'),
  );
  return { bot: new FaqBot(conversationState, userState, dialog, services), services };
}
