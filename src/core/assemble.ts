import type { Config } from '../config';
import { KNOWLEDGE_DIR, loadKnowledgeDir, loadKnowledgeFiles } from '../knowledge/load';
import { loadMatcherResources } from './matcherResources';
import { InMemoryConversationStore } from '../storage/memory';
import { createBot, type BuiltBot } from './createBot';

export interface Assembled extends BuiltBot {
  store: InMemoryConversationStore;
}

/**
 * The bot with the shipped knowledge (strict: both languages everywhere), or with `kbFiles`
 * instead, as `ask --kb` does: a clinic's test file need not be translated yet.
 */
export function assembleBot(config: Config, kbFiles: string[] = []): Assembled {
  const knowledge = kbFiles.length
    ? loadKnowledgeFiles(kbFiles, { requireLanguages: [], smsSegments: config.SMS_MAX_SEGMENTS })
    : loadKnowledgeDir(config.KNOWLEDGE_DIR ?? KNOWLEDGE_DIR, config.SMS_MAX_SEGMENTS);
  const store = new InMemoryConversationStore();
  const built = createBot({
    knowledge,
    resources: loadMatcherResources(),
    store,
    clinicName: config.CLINIC_NAME,
  });
  return { ...built, store };
}
