import { statSync } from 'node:fs';
import { dirname } from 'node:path';
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
 * instead, as `ask --kb` does (files, or one folder: a saved site): a clinic's test file need
 * not be translated yet.
 */
export async function assembleBot(config: Config, kbFiles: string[] = []): Promise<Assembled> {
  // One folder (a saved site) is read as the knowledge folder is.
  const folder =
    kbFiles.length === 1 && statSync(kbFiles[0], { throwIfNoEntry: false })?.isDirectory()
      ? kbFiles[0]
      : undefined;
  const knowledge = folder
    ? await loadKnowledgeDir(folder, config.SMS_MAX_SEGMENTS)
    : kbFiles.length
      ? await loadKnowledgeFiles(kbFiles, {
          smsLenient: true,
          smsSegments: config.SMS_MAX_SEGMENTS,
        })
      : await loadKnowledgeDir(config.KNOWLEDGE_DIR ?? KNOWLEDGE_DIR, config.SMS_MAX_SEGMENTS);
  const store = new InMemoryConversationStore();
  const built = createBot({
    knowledge,
    resources: loadMatcherResources(
      folder ?? (kbFiles.length ? dirname(kbFiles[0]) : (config.KNOWLEDGE_DIR ?? KNOWLEDGE_DIR)),
    ),
    store,
    clinicName: config.CLINIC_NAME,
  });
  return { ...built, store };
}
