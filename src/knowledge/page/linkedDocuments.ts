import { slug } from '../slug';
import type { Entry } from '../types';
import { DOCUMENT_LINK, documentEntries, type DocRef } from './documents';
import type { PageInput, SideText } from './pageInput';

interface LinkedDoc {
  ref: DocRef;
  label: string;
  key: string;
}

/** The documents a section stands for or links (a button after its text, a link in a sentence). */
function docsOf(input: PageInput, side: SideText): LinkedDoc[] {
  const s = side.side.page.sections[side.index];
  const docs: LinkedDoc[] = side.doc ? [{ ref: side.doc, label: s.heading ?? '', key: '' }] : [];
  for (const item of s.items.slice(side.doc ? 1 : 0)) {
    for (const link of item.links) {
      if (!link.url || !DOCUMENT_LINK.test(link.url)) continue;
      const ref = input.document(link.url, side.side.file);
      const label =
        ref.doc?.title ?? link.text.replace(/\b(download|read|the|\(pdf\))\b/gi, '').trim();
      const name = slug(ref.file.replace(/^.*\//, '').replace(/\.pdf$/i, ''), 8);
      const key = name.startsWith(`${input.idBase}-`) ? name.slice(input.idBase.length + 1) : name;
      docs.push({ ref, label, key: `${input.idBase}.${key}` });
    }
  }
  return docs;
}

/**
 * Entries of the documents a section links; the other-language section's document at the same
 * place, when it is another file (a Spanish sheet), gives their other language.
 */
export function linkedDocuments(input: PageInput, id: string, sides: SideText[]): Entry[] {
  const [base, twin] = sides;
  const s = base.side.page.sections[base.index];
  const twinDocs = twin ? docsOf(input, twin) : [];
  return docsOf(input, base).flatMap(({ ref, label, key }, k) => {
    if (!ref.doc) return [];
    const other = twinDocs[k];
    const paired = twin && other?.ref.doc && other.ref.file !== ref.file ? other : undefined;
    return documentEntries({
      base: key || id,
      procedure: input.procedure,
      names: input.names,
      labels: { [base.side.lang]: label, ...(paired ? { [twin.side.lang]: paired.label } : {}) },
      docs: { [base.side.lang]: ref, ...(paired ? { [twin.side.lang]: paired.ref } : {}) },
      provenance: { file: base.side.file, url: base.side.url, section: s.heading ?? undefined },
      templates: input.templates,
    });
  });
}
