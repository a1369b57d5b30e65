import type { Entry, Lang, Procedure } from '../knowledge/types';
import { fold } from '../language/normalize';
import type { Bridge } from './glossary';
import type { LanguageIndex } from './languageIndex';

/** How strongly a message points at one procedure. */
export interface ProcedureEvidence {
  id: string;
  score: number;
}

/**
 * Which procedure a message is about, from its own words: the procedure's name or another name
 * for it ("TEE", "marcapasos"), or words only that procedure's pages use ("shock", "treadmill",
 * "balloon in my leg"). Each procedure is one document (all its entries); a word every procedure
 * uses ("before", "eat", "procedure") weighs nothing. Pure.
 */
export class ProcedureIndex {
  private readonly ids: string[];
  private readonly names: { id: string; folded: string }[];
  /** Per language: term → per-procedure counts. */
  private readonly counts = new Map<Lang, Map<string, Float64Array>>();
  private readonly idf = new Map<Lang, Map<string, number>>();

  constructor(
    procedures: readonly Procedure[],
    entries: readonly Entry[],
    private readonly indexes: readonly LanguageIndex[],
    private readonly bridges: readonly Bridge[] = [],
  ) {
    this.ids = procedures.map((p) => p.id);
    this.names = procedures.flatMap((p) =>
      [...Object.values(p.name), ...p.aliases]
        .filter((n): n is string => !!n)
        .map((n) => ({ id: p.id, folded: fold(n) }))
        .filter((n) => n.folded.length >= 3),
    );
    const at = new Map(this.ids.map((id, i) => [id, i]));
    for (const idx of indexes) {
      const counts = new Map<string, Float64Array>();
      const add = (text: string | undefined, i: number) => {
        for (const t of idx.knowledgeTermsOf(text ?? '')) {
          if (idx.isFunctionTerm(t)) continue;
          let c = counts.get(t);
          if (!c) counts.set(t, (c = new Float64Array(this.ids.length)));
          c[i] += 1;
        }
      };
      for (const e of entries) {
        const i = e.procedure === undefined ? undefined : at.get(e.procedure);
        if (i === undefined) continue;
        add(e.title[idx.lang], i);
        for (const q of e.questions[idx.lang] ?? []) add(q, i);
        add(e.answer[idx.lang], i);
      }
      procedures.forEach((p, i) => {
        for (const n of [...Object.values(p.name), ...p.aliases]) add(n, i);
      });
      const n = this.ids.length;
      const idf = new Map<string, number>();
      for (const [t, c] of counts) {
        const df = c.reduce((k, v) => k + (v > 0 ? 1 : 0), 0);
        idf.set(t, Math.log((n + 1) / df));
      }
      this.counts.set(idx.lang, counts);
      this.idf.set(idx.lang, idf);
    }
  }

  /** A procedure the message names outright (its name or another name for it). */
  named(text: string): string | undefined {
    // A name in the other language's words ("marcapasos") is a name too.
    const readings = [text, ...this.bridges.map((b) => b.translate(text))].filter(
      (t): t is string => t !== undefined,
    );
    const found = new Set<string>();
    for (const reading of readings) {
      const folded = ` ${fold(reading)} `;
      for (const n of this.names) if (folded.includes(` ${n.folded} `)) found.add(n.id);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** Every procedure the message's words point at, best first, in the language that fits best. */
  evidence(text: string): ProcedureEvidence[] {
    let best: ProcedureEvidence[] = [];
    const readings: [LanguageIndex, string][] = this.indexes.map((idx) => [idx, text]);
    for (const b of this.bridges) {
      const idx = this.indexes.find((x) => x.lang === b.to);
      const translated = b.translate(text);
      if (idx && translated !== undefined) readings.push([idx, translated]);
    }
    for (const [idx, reading] of readings) {
      const counts = this.counts.get(idx.lang)!;
      const idf = this.idf.get(idx.lang)!;
      const scores = new Float64Array(this.ids.length);
      for (const t of new Set(idx.termsOf(reading))) {
        const c = counts.get(t);
        if (!c) continue;
        const w = idf.get(t) ?? 0;
        c.forEach((v, i) => (scores[i] += v > 0 ? w * (1 + Math.log(v)) ** 0.5 : 0));
      }
      const ranked = this.ids
        .map((id, i) => ({ id, score: scores[i] }))
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score);
      if ((ranked[0]?.score ?? 0) > (best[0]?.score ?? 0)) best = ranked;
    }
    return best;
  }
}
