import type { Problem } from './types';

export function formatProblem(p: Problem): string {
  return p.entryId ? `${p.file} [${p.entryId}]: ${p.message}` : `${p.file}: ${p.message}`;
}

/** The knowledge could not be built; carries every problem found, not just the first. */
export class KnowledgeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`knowledge build failed:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}
