import type { ParsedPage } from './parsePage';
import type { Problem } from './types';

/** Pairs a page should not name in one breath; when it does, a person should check which is meant. */
const CONFUSABLE: [string, string][] = [
  ['pulmonary vein', 'pulmonary artery'],
  ['right ventricle', 'left ventricle'],
  ['right atrium', 'left atrium'],
  ['superior vena cava', 'inferior vena cava'],
  ['general anesthesia', 'local anesthesia'],
];

/**
 * Warnings, never corrections: the clinic's wording stays as published, but places where the
 * page seems to say two things, or points at a document it does not link, are reported.
 */
export function pageWarnings(page: ParsedPage, file: string): Problem[] {
  const warnings: Problem[] = [];
  for (const section of page.sections) {
    const parts = section.items.length ? section.items.map((i) => i.text) : [section.text];
    for (const text of parts) {
      const lower = text.toLowerCase();
      for (const [a, b] of CONFUSABLE) {
        if (lower.includes(a) && lower.includes(b)) {
          warnings.push({
            file,
            message: `the "${section.kind ?? section.heading}" section names both "${a}" and "${b}" for one device: "${text.slice(0, 90)}…" — check with the clinician which is meant`,
          });
        }
      }
      if (/\bdownload\b/i.test(text) && !page.links.some((l) => l.url && text.includes(l.text))) {
        warnings.push({
          file,
          message: `the "${section.kind ?? section.heading}" section offers "${text}" but the page gives no address for it; patients are pointed to staff`,
        });
      }
    }
  }
  return warnings;
}
