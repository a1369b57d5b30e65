import type { SectionQuestions } from '../page/questions';
import { excerpt, slug } from '../slug';
import { LANGS, type ByLang, type Entry } from '../types';

/** A clinic notice (a banner on every page) in the languages the site has it in, and a page showing it. */
export interface Notice {
  text: ByLang<string>;
  file: string;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Each notice once for the whole clinic, whatever number of pages repeat it; one the clinic
 * already answers (a curated entry with the same words) is not added again.
 */
export function noticeEntries(
  notices: Notice[],
  existing: Entry[],
  templates: SectionQuestions,
): Entry[] {
  const known = new Set(
    existing.flatMap((e) =>
      Object.values(e.answer)
        .filter(Boolean)
        .map((a) => norm(a!)),
    ),
  );
  const seen = new Map<string, Notice>();
  for (const n of notices) {
    const key = norm(n.text.en ?? n.text.es ?? '');
    if (!key || known.has(key)) continue;
    const had = seen.get(key);
    if (had) {
      had.text.es ??= n.text.es;
      had.text.en ??= n.text.en;
    } else seen.set(key, { text: { ...n.text }, file: n.file });
  }
  // A Spanish notice already paired with its English one is not a notice of its own.
  const paired = new Set(
    [...seen.values()].filter((n) => n.text.en && n.text.es).map((n) => norm(n.text.es!)),
  );
  const list = [...seen.values()].filter((n) => n.text.en || !paired.has(norm(n.text.es!)));
  const used = new Set<string>();
  return list.map(({ text: n, file }): Entry => {
    const text = (n.en ?? n.es)!;
    let id = `clinic.${slug(text, 5) || 'notice'}`;
    for (let k = 2; used.has(id); k++) id = `clinic.${slug(text, 5)}-${k}`;
    used.add(id);
    const title: ByLang<string> = {};
    const questions: ByLang<string[]> = {};
    for (const lang of LANGS.filter((l) => n[l] !== undefined)) {
      const base = templates.titles?.notice?.[lang] ?? '';
      title[lang] = list.length > 1 ? `${base}: ${excerpt(n[lang]!, 6)}` : base;
      questions[lang] = [...(templates.notice?.[lang] ?? [])];
    }
    return {
      id,
      source: file,
      title,
      questions,
      answer: Object.fromEntries(LANGS.filter((l) => n[l] !== undefined).map((l) => [l, n[l]])),
      sms: {},
      reviewPending: [],
      provenance: { file },
    };
  });
}
