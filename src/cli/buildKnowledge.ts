import { formatProblem, KnowledgeError } from '../knowledge/errors';
import { KNOWLEDGE_DIR, loadKnowledgeDir } from '../knowledge/load';

// The build step: validates everything in knowledge/ and fails loudly, naming file and entry.
try {
  const kb = loadKnowledgeDir(process.argv[2] ?? KNOWLEDGE_DIR, 3);
  const review = kb.warnings.filter((w) => /awaiting/.test(w.message));
  for (const w of kb.warnings.filter((x) => !review.includes(x)))
    process.stderr.write(`warning: ${formatProblem(w)}\n`);
  if (review.length) {
    process.stderr.write(
      `warning: ${review.length} translated texts await the clinic's review (${[...new Set(review.map((r) => r.entryId))].slice(0, 4).join(', ')}…)\n`,
    );
  }
  process.stdout.write(`knowledge OK: ${kb.entries.length} entries\n`);
} catch (err) {
  process.stderr.write(`${err instanceof KnowledgeError ? err.message : String(err)}\n`);
  process.exit(1);
}
