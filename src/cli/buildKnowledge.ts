import { loadConfig } from '../config';
import { formatProblem, KnowledgeError } from '../knowledge/errors';
import { KNOWLEDGE_DIR, loadKnowledgeDir } from '../knowledge/load';
import type { KnowledgeBase, Problem } from '../knowledge/types';

// The build step: reads the folder the service reads (KNOWLEDGE_DIR, else knowledge/), prints
// what the clinic may want to fix grouped by file, and fails only on errors, naming file and entry.

function byFile(problems: Problem[]): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const p of problems) out.set(p.file, [...(out.get(p.file) ?? []), p]);
  return out;
}

function report(kb: KnowledgeBase): void {
  // Translation gaps are listed once, per page, below.
  const review = kb.warnings.filter((w) => /awaiting/.test(w.message));
  const listed = (w: Problem) =>
    kb.translations.some(
      (t) => t.page === w.file && !w.entryId && /English only|no Spanish text/.test(w.message),
    );
  for (const [file, list] of byFile(kb.warnings.filter((x) => !review.includes(x) && !listed(x)))) {
    process.stderr.write(`warning: ${file}\n`);
    for (const w of list)
      process.stderr.write(`  - ${formatProblem({ ...w, file: '' }).replace(/^:? ?/, '')}\n`);
  }
  if (review.length) {
    const ids = [...new Set(review.map((r) => r.entryId))];
    process.stderr.write(
      `warning: ${review.length} translated texts await the clinic's review (${ids.slice(0, 4).join(', ')}…)\n`,
    );
  }
  const untranslated = kb.translations.filter((t) => t.onlyEn.length);
  if (untranslated.length) {
    process.stderr.write('untranslated (English only), per page:\n');
    for (const t of untranslated) {
      process.stderr.write(
        `  ${t.page}${t.pairedWith ? ` (Spanish: ${t.pairedWith})` : ' (no Spanish page)'}: ${t.onlyEn.length} — ${t.onlyEn.join(', ')}\n`,
      );
    }
  }
  for (const n of kb.notes) process.stderr.write(`note: ${formatProblem(n)}\n`);
  process.stdout.write(
    `knowledge OK: ${kb.entries.length} entries, ${kb.procedures.length} procedures\n`,
  );
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? loadConfig().KNOWLEDGE_DIR ?? KNOWLEDGE_DIR;
  try {
    report(await loadKnowledgeDir(dir, loadConfig().SMS_MAX_SEGMENTS));
  } catch (err) {
    process.stderr.write(`${err instanceof KnowledgeError ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

void main();
