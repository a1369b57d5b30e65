import type { ByLang, Lang } from '../types';
import type { SectionKind } from './kinds';

/**
 * `knowledge/section-questions.json`: the questions patients ask of each kind of section, of any
 * other heading ("heading"), of a question heading ("question") and of a document's part
 * ("document"), with `{procedure}`, `{heading}`, `{item}`, `{document}` filled in; and the titles of
 * sections that have no heading of their own.
 */
export type SectionQuestions = Partial<
  Record<SectionKind | 'types-item' | 'heading' | 'question' | 'document', ByLang<string[]>>
> & { titles?: Partial<Record<'what' | 'notice', ByLang<string>>> };

export type TemplateKey = SectionKind | 'types-item' | 'heading' | 'question' | 'document';

/**
 * The templates with their parts filled in. A template one of whose parts is missing is left out:
 * "{heading} {procedure}" for a sheet's line with no heading would be the procedure's bare name,
 * a question every message naming the procedure asks.
 */
export function fill(templates: string[] | undefined, vars: Record<string, string>): string[] {
  const out = (templates ?? [])
    .filter((t) => [...t.matchAll(/\{(\w+)\}/g)].every(([, k]) => vars[k]?.trim()))
    .map((t) =>
      t
        .replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  return [...new Set(out.filter(Boolean))];
}

/** A heading as a patient would type it: no closing colon, lower case unless an acronym. */
export function asQuestion(heading: string): string {
  return heading
    .replace(/[:]\s*$/, '')
    .split(' ')
    .map((w) => (/^[A-ZÁÉÍÓÚÑ]{2,}$/.test(w) ? w : w.toLowerCase()))
    .join(' ');
}

/** The questions for a section in one language: its kind's templates and its own heading. */
export function questionsFor(
  templates: SectionQuestions,
  lang: Lang,
  o: {
    kind?: TemplateKey;
    heading?: string | null;
    question?: boolean;
    procedure: string;
    item?: string;
    document?: string;
  },
): string[] {
  const vars = {
    procedure: o.procedure,
    heading: o.heading ? asQuestion(o.heading) : '',
    item: o.item ?? '',
    document: o.document ? asQuestion(o.document) : '',
  };
  const own = o.heading ? fill(templates[o.question ? 'question' : 'heading']?.[lang], vars) : [];
  const kind = o.kind ? fill(templates[o.kind]?.[lang], vars) : [];
  return [...new Set([...(o.question ? own : []), ...kind, ...(o.question ? [] : own)])];
}
