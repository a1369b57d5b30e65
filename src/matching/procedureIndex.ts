import type { Entry, Lang, Procedure } from '../knowledge/types';
import { fold } from '../language/normalize';
import type { Bridge } from './glossary';
import type { LanguageIndex } from './languageIndex';

/** A name word names its procedure when at least this share of its uses are on that procedure's pages. */
const LABEL_SHARE = 0.5;
/** Words any procedure's name may use ("Pacemaker Implant", "Cardiac Catheterization"): no name alone. */
const GENERIC =
  /^(cardiac|heart|corazon|implant|implantable|implantation|procedure|test|testing|surgery|placement|study|exam|examination|scan|repair|replacement|therapy|treatment|monitor|monitoring|insertion|procedimiento|prueba|cirugia|implante|implantable|estudio|examen|monitor|reemplazo|tratamiento)/;

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
  /** Per language: a name word only one procedure's names use, and mostly its pages → that procedure. */
  private readonly labels = new Map<Lang, Map<string, string>>();

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
          if (!c) counts.set(t, (c = new Float64Array(this.ids.length + 1)));
          c[i] += 1;
        }
      };
      for (const e of entries) {
        // The clinic's own entries (FAQ, notices) are one more document: a word they use too
        // ("appointment", "bring", "medications") is the clinic's, not one procedure's.
        const i = e.procedure === undefined ? this.ids.length : at.get(e.procedure);
        if (i === undefined) continue;
        add(e.title[idx.lang], i);
        for (const q of e.questions[idx.lang] ?? []) add(q, i);
        add(e.answer[idx.lang], i);
      }
      procedures.forEach((p, i) => {
        for (const n of [...Object.values(p.name), ...p.aliases]) add(n, i);
      });
      this.labels.set(idx.lang, this.labelsOf(procedures, entries, idx));
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

  /**
   * Name words that name one procedure alone: "Echocardiogram" of "Echocardiogram & TEE",
   * "Catheterization" of "Cardiac Catheterization" (and "cath", which the lexicon reads as it).
   * A word another procedure's names share ("monitor") names neither; a word most of whose uses are
   * on other procedures' pages ("cardiac", "hour", "artery") is no name but a topic.
   */
  private labelsOf(
    procedures: readonly Procedure[],
    entries: readonly Entry[],
    idx: LanguageIndex,
  ): Map<string, string> {
    const owners = new Map<string, Set<number>>();
    procedures.forEach((p, i) => {
      for (const t of idx.knowledgeTermsOf(p.name[idx.lang] ?? ''))
        if (!idx.isFunctionTerm(t) && !GENERIC.test(t))
          owners.set(t, (owners.get(t) ?? new Set()).add(i));
    });
    // Answers only: titles repeat the procedure's name and say nothing of how others use a word.
    const uses = new Map<string, Float64Array>();
    const at = new Map(this.ids.map((id, i) => [id, i]));
    for (const e of entries) {
      const i = e.procedure === undefined ? undefined : at.get(e.procedure);
      if (i === undefined) continue;
      for (const t of idx.knowledgeTermsOf(e.answer[idx.lang] ?? '')) {
        if (!owners.has(t)) continue;
        let c = uses.get(t);
        if (!c) uses.set(t, (c = new Float64Array(this.ids.length)));
        c[i] += 1;
      }
    }
    const labels = new Map<string, string>();
    for (const [t, own] of owners) {
      if (own.size !== 1) continue;
      const [i] = [...own];
      const c = uses.get(t);
      const total = c ? c.reduce((a, v) => a + v, 0) : 0;
      if (c && c[i] >= LABEL_SHARE * total) labels.set(t, this.ids[i]);
    }
    return labels;
  }

  /** A procedure the message names outright (its name, another name for it, a name word). */
  named(text: string): string | undefined {
    // A name in the other language's words ("marcapasos") is a name too.
    const readings = [text, ...this.bridges.map((b) => b.translate(text))].filter(
      (t): t is string => t !== undefined,
    );
    const found = new Set<string>();
    for (const reading of readings) {
      const folded = ` ${fold(reading)} `;
      for (const n of this.names) if (folded.includes(` ${n.folded} `)) found.add(n.id);
      for (const idx of this.indexes) {
        const labels = this.labels.get(idx.lang)!;
        for (const t of idx.termsOf(reading)) {
          const id = labels.get(t);
          if (id) found.add(id);
        }
      }
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
