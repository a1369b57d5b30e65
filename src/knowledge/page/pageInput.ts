import type { ParsedPage } from '../parsePage';
import type { ByLang, Lang } from '../types';
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
