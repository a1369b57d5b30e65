import type { Block } from '../page/blocks';
import type { Lang } from '../types';
import type { SitePage } from './pages';

/** Text with no link or label: a download button or "Duration:" line repeats by design. */
const plain = (b: Block) =>
  b.kind !== 'heading' && !b.links.length && !b.label && b.text.length >= 20;

/**
 * Paragraphs found on most pages of one language (a banner the theme puts inside the content) are
 * not any procedure's: they are taken out of the pages and returned once, as clinic notices.
 */
export function removeBoilerplate(
  pages: SitePage[],
): Record<Lang, { text: string; file: string }[]> {
  const notices: Record<Lang, { text: string; file: string }[]> = { en: [], es: [] };
  for (const lang of ['en', 'es'] as const) {
    const same = pages.filter((p) => p.lang === lang);
    const min = Math.max(3, Math.ceil(same.length / 2));
    if (same.length < min) continue;
    const count = new Map<string, number>();
    for (const p of same) {
      const texts = new Set(p.read.blocks.filter(plain).map((b) => b.text));
      for (const t of texts) count.set(t, (count.get(t) ?? 0) + 1);
    }
    const repeated = new Set([...count].filter(([, n]) => n >= min).map(([t]) => t));
    for (const p of same) {
      p.read.blocks = p.read.blocks.filter((b) => b.kind === 'heading' || !repeated.has(b.text));
    }
    for (const text of repeated)
      notices[lang].push({ text, file: same.find((p) => p.read.blocks)!.file });
  }
  return notices;
}
