import type { Config } from '../config';
import { KNOWLEDGE_DIR, loadKnowledgeDir, loadKnowledgeFiles } from '../knowledge/load';
import { loadMatcherResources } from './matcherResources';
import { InMemoryConversationStore } from '../storage/memory';
import { createBot, type BuiltBot } from './createBot';

export interface Assembled extends BuiltBot {
  store: InMemoryConversationStore;
}

/**
 * The bot with the knowledge folder (`KNOWLEDGE_DIR`, else the shipped one), or with `kbFiles`
 * instead, as `ask --kb` does: a clinic's test file need not be translated yet.
 */
export async function assembleBot(config: Config, kbFiles: string[] = []): Promise<Assembled> {
  const knowledge = kbFiles.length
    ? await loadKnowledgeFiles(kbFiles, { smsLenient: true, smsSegments: config.SMS_MAX_SEGMENTS })
    : await loadKnowledgeDir(config.KNOWLEDGE_DIR ?? KNOWLEDGE_DIR, config.SMS_MAX_SEGMENTS);
  const store = new InMemoryConversationStore();
  const built = createBot({
    knowledge,
    resources: loadMatcherResources(),
    store,
    clinicName: config.CLINIC_NAME,
  });
  return { ...built, store };
}
