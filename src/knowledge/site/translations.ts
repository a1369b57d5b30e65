import type { Entry, TranslationReport } from '../types';
import type { PageGroup } from './pairing';

/** Per page, which of its entries answer in one language only. */
export function translationReport(groups: PageGroup[], entries: Entry[]): TranslationReport[] {
  return groups.map((g) => {
    const own = entries.filter(
      (e) =>
        e.provenance?.file === g.primary.file || (g.twin && e.provenance?.file === g.twin.file),
    );
    return {
      page: g.primary.file,
      pairedWith: g.twin?.file,
      onlyEn: own
        .filter((e) => e.answer.en !== undefined && e.answer.es === undefined)
        .map((e) => e.id),
      onlyEs: own
        .filter((e) => e.answer.es !== undefined && e.answer.en === undefined)
        .map((e) => e.id),
    };
  });
}
