import type { ParsedPage } from '../parsePage';
import type { ByLang, Entry, Lang } from '../types';
import type { DocRef } from './documents';
import type { SectionQuestions } from './questions';

export interface PageSide {
  file: string;
  page: ParsedPage;
  lang: Lang;
  url?: string;
}

export interface PageInput {
  primary: PageSide;
  twin?: PageSide;
  /** The procedure the page describes; absent for a clinic-wide page (FAQ). */
  procedure?: string;
  names: ByLang<string>;
  idBase: string;
  templates: SectionQuestions;
  /** A document linked from a page file, as the build found it. */
  document(href: string, fromFile: string): DocRef;
  warn(file: string, message: string): void;
}

/** What a section says in one language, documents it stands for included. */
export interface SideText {
  side: PageSide;
  index: number;
  text: string;
  doc?: DocRef;
}

/** An entry of `base`'s page and section with nothing in it yet: the procedure's, with its source. */
export function emptyEntry(input: PageInput, base: SideText, id: string): Entry {
  const { side } = base;
  return {
    id,
    source: side.file,
    title: {},
    questions: {},
    answer: {},
    sms: {},
    reviewPending: [],
    procedure: input.procedure,
    url: side.url,
    provenance: {
      file: side.file,
      url: side.url,
      section: side.page.sections[base.index].heading ?? undefined,
    },
  };
}
