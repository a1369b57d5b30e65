// Reads PDFs with pdf.js in a worker thread: pdf.js is an ES module (this project is CommonJS, and
// Jest cannot load it in its module system), and a hostile PDF that hangs or balloons stops only
// this thread, which the build then ends and reports, never the service.
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const MAX_PAGES = 40;

/** The font's real name ("DejaVuSans-Bold") once pdf.js has loaded it for the page. */
async function fontNames(page, styles) {
  const names = {};
  try {
    await page.getOperatorList();
    for (const id of Object.keys(styles)) {
      if (page.commonObjs.has(id)) names[id] = page.commonObjs.get(id)?.name ?? '';
    }
  } catch {
    // Fonts are a hint for headings; the text is read without them.
  }
  return names;
}

/**
 * Font names cost the page's operator list (about half the reading time). Headings set larger
 * than the text are found by size alone; names are fetched only when text of the body's size is
 * set in more than one font, where a bold line may be a heading.
 */
function boldMayMatter(items) {
  const chars = new Map();
  for (const i of items) {
    const size = Math.round(Math.hypot(i.transform[2], i.transform[3]) || i.height);
    chars.set(size, (chars.get(size) ?? 0) + (i.str?.length ?? 0));
  }
  const body = [...chars].sort((a, b) => b[1] - a[1])[0]?.[0];
  const fonts = new Set(
    items
      .filter(
        (i) =>
          i.str?.trim() &&
          Math.round(Math.hypot(i.transform[2], i.transform[3]) || i.height) === body,
      )
      .map((i) => i.fontName),
  );
  return fonts.size > 1;
}

async function readPdf(file) {
  const data = new Uint8Array(await readFile(file));
  const task = pdfjs.getDocument({
    data,
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
  });
  try {
    const doc = await task.promise;
    const info = (await doc.getMetadata().catch(() => null))?.info ?? {};
    const pages = [];
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const fonts = boldMayMatter(content.items) ? await fontNames(page, content.styles) : {};
      const items = content.items
        .filter((i) => typeof i.str === 'string' && i.str.length > 0)
        .map((i) => ({
          s: i.str,
          x: i.transform[4],
          y: i.transform[5],
          size: Math.hypot(i.transform[2], i.transform[3]) || i.height,
          w: i.width,
          font: fonts[i.fontName] || i.fontName || '',
        }));
      pages.push({ items });
      page.cleanup();
    }
    return {
      title: typeof info.Title === 'string' ? info.Title : undefined,
      numPages: doc.numPages,
      pages,
    };
  } finally {
    await task.destroy();
  }
}

parentPort.on('message', ({ id, file }) => {
  readPdf(file).then(
    (result) => parentPort.postMessage({ id, result }),
    (err) =>
      parentPort.postMessage({
        id,
        error:
          err?.name === 'PasswordException'
            ? 'it is password-protected'
            : String(err?.message ?? err),
      }),
  );
});
