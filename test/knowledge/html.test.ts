import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHtml } from '../../src/knowledge/html/readHtml';
import { parsePage, type ParsedPage } from '../../src/knowledge/parsePage';

const KNOWLEDGE = join(__dirname, '..', 'fixtures', 'knowledge');
const SAMPLE = join(KNOWLEDGE, 'sample-site');
const SITE = join(KNOWLEDGE, 'clinic-site');

function page(dir: string, file: string): ParsedPage {
  return parsePage(file, readFileSync(join(dir, file), 'utf8'));
}

function allText(p: ParsedPage): string {
  return p.sections.map((s) => `${s.heading ?? ''}\n${s.text}`).join('\n');
}

describe('the shared sample page (WordPress template as the CMS serves it)', () => {
  const p = page(SAMPLE, 'procedures/cardioversion.html');

  it('reads only the main content: no menu, header, footer, cookie notice, share buttons, breadcrumbs or toggle', () => {
    const text = allText(p);
    for (const furniture of [
      'Carotid Ultrasound', // the menu
      'Caring for every heartbeat', // the site header
      'Office Hours', // the footer
      'uses cookies',
      'Facebook',
      'Home »',
      'Espanol',
      'gtag',
    ]) {
      expect(text).not.toContain(furniture);
    }
  });

  it('finds the template sections by their headings, in order', () => {
    expect(p.sections.map((s) => [s.kind, s.heading])).toEqual([
      ['aka', 'Also known as'],
      ['duration', 'Duration'],
      ['what', null],
      ['types', 'Types of Cardioversion'],
      ['preparing', 'Preparing for the procedure'],
      ['how', 'How it is performed'],
      ['after', 'After the procedure'],
    ]);
    expect(p.procedure).toBe('Cardioversion');
    expect(p.sections[1].text).toBe('About 30 minutes (plan to be at the clinic for 2–3 hours)');
  });

  it('keeps the COVID banner as a notice, and the links to the Spanish page', () => {
    expect(p.notices).toEqual([
      'Our clinic is following PPE precautions & maintaining social distancing',
    ]);
    expect(p.meta.alternates.es).toBe('../es/procedures/cardioversion.html');
    expect(p.meta.lang).toBe('en');
  });

  it('keeps the download button as the section content, with its address', () => {
    const preparing = p.sections.find((s) => s.kind === 'preparing')!;
    expect(preparing.items).toEqual([
      expect.objectContaining({
        text: 'Download Pre Procedure Instructions',
        onlyLink: true,
        links: [
          {
            text: 'Download Pre Procedure Instructions',
            url: '../docs/cardioversion-pre-instructions.pdf',
          },
        ],
      }),
    ]);
  });

  it('reads the Spanish page the same way, with its Spanish headings', () => {
    const es = page(SAMPLE, 'es/procedures/cardioversion.html');
    expect(es.sections.map((s) => s.kind)).toEqual(p.sections.map((s) => s.kind));
    expect(es.sections.find((s) => s.kind === 'how')?.heading).toBe('Cómo se realiza');
    expect(es.meta.lang).toBe('es');
  });
});

describe('a page-builder page with no <main>: tabs, accordions, bold lines, a sidebar', () => {
  const p = page(SITE, 'procedures/ablation.html');

  it('finds the content by its text and leaves out the sidebar, share links, footer and cookie box', () => {
    const text = allText(p);
    for (const furniture of [
      'Related procedures',
      'Call us: (555)',
      'Facebook',
      '40 Harbor Road',
      'cookies',
      'Contact',
    ]) {
      expect(text).not.toContain(furniture);
    }
    expect(p.procedure).toBe('Catheter Ablation');
  });

  it('turns tab titles, accordion titles and bold lines into headings', () => {
    const headings = p.sections.map((s) => [
      s.heading,
      s.parent === undefined ? null : p.sections[s.parent].heading,
    ]);
    expect(headings).toEqual(
      expect.arrayContaining([
        ['Radiofrequency ablation', 'Types of ablation'],
        ['Cryoablation', 'Types of ablation'],
        ['In the procedure room', 'What to expect'],
        ['How long you stay', 'What to expect'],
        ['Risks', null],
        ['Do not', null],
      ]),
    );
    const cryo = p.sections.find((s) => s.heading === 'Cryoablation')!;
    expect(cryo.text).toBe('Extreme cold is used instead of heat to make the scars.');
  });

  it('keeps a list as bullet items', () => {
    const doNot = p.sections.find((s) => s.heading === 'Do not')!;
    expect(doNot.items.slice(0, 2).map((i) => [i.bullet, i.text])).toEqual([
      [true, 'Take a bath or swim for one week.'],
      [true, 'Lift anything heavier than 10 pounds for one week.'],
    ]);
  });

  it('reads its address from og:url and its Spanish version from hreflang', () => {
    const read = readHtml(readFileSync(join(SITE, 'procedures/ablation.html'), 'utf8'));
    expect(read.meta.url).toBe('https://lakeside-heart.example/procedures/ablation.html');
    expect(read.meta.alternates.es).toBe(
      'https://lakeside-heart.example/es/procedures/ablation.html',
    );
  });
});

describe('question headings and FAQ markup', () => {
  it('marks a question heading as the question patients ask, and keeps its answer to itself', () => {
    const p = page(SITE, 'procedures/echo.html');
    const eat = p.sections.find((s) => s.heading === 'Can I eat before the test?')!;
    expect(eat.question).toBe(true);
    expect(eat.text).toBe('Yes. Eat and take your medicines as usual.');
    const who = p.sections.find((s) => s.heading === 'Who reads the results?')!;
    expect(who.parent).toBeUndefined();
    expect(p.sections.find((s) => s.heading === 'How long does the test take?')?.kind).toBe(
      'duration',
    );
  });

  it('reads a Bootstrap accordion: each button title is a question with its panel as answer', () => {
    const p = page(SITE, 'patients/faq.html');
    expect(p.sections.filter((s) => s.question).map((s) => [s.heading, s.text])).toEqual([
      ['Where do I park?', 'Free parking is in the garage behind our building.'],
      [
        'Do you have interpreters?',
        'Yes. Tell us when you book and we will have an interpreter ready, at no cost to you.',
      ],
      ['Can I bring someone with me?', 'One adult may stay with you in the waiting room.'],
    ]);
  });

  it("reads a page builder's accordion, whose script opens the panel the button sits above", () => {
    // As block plugins write it: the button names no panel; its class, or aria-expanded, says
    // it is an accordion's header. A button that is not one ("Book a visit") is no heading.
    const html = `<html><head><title>Questions</title></head><body><main>
      <h1>Patient Questions</h1><p>Answers to common questions.</p>
      <p><button type="button" class="cta">Book a visit</button></p>
      <div class="pb-accordion"><div class="pane"><div class="pane-header-wrap">
        <button class="pb-accordion-header" type="button"><span><span>Do I need a referral?</span></span></button>
      </div><div class="pb-panel"><p>Most insurance plans ask for one.</p></div></div>
      <div class="pane"><button type="button" aria-expanded="false">Is there parking?</button>
      <div class="pb-panel"><p>Yes, behind the building.</p></div></div></div>
      </main></body></html>`;
    const p = parsePage('patients/questions.html', html);
    expect(p.sections.filter((s) => s.question).map((s) => [s.heading, s.text])).toEqual([
      ['Do I need a referral?', 'Most insurance plans ask for one.'],
      ['Is there parking?', 'Yes, behind the building.'],
    ]);
    expect(p.sections.map((s) => s.heading)).not.toContain('Book a visit');
  });
});

describe('Markdown with front matter, and plain text', () => {
  it('reads the title and address of a Markdown export, its labels and nested headings', () => {
    const p = page(SITE, 'procedures/stent.md');
    expect(p.procedure).toBe('Coronary Stent');
    expect(p.meta.url).toBe('https://lakeside-heart.example/procedures/stent/');
    expect(p.sections.map((s) => [s.kind ?? null, s.heading])).toEqual([
      ['aka', 'Also known as'],
      ['duration', 'Duration'],
      ['what', null],
      ['after', 'Recovery'],
      [null, 'Can I shower?'],
      [null, 'Risks'],
    ]);
    expect(p.sections[4].parent).toBe(3);
    expect(p.sections[1].text).toBe('1 to 2 hours');
  });

  it('finds the headings of a text page by their lines standing alone', () => {
    const p = page(SITE, 'procedures/holter.txt');
    expect(p.sections.map((s) => [s.kind ?? null, s.heading])).toEqual([
      ['notice', null],
      ['aka', 'Also known as'],
      ['duration', 'Duration'],
      ['what', null],
      ['preparing', 'Preparing for the procedure'],
      [null, 'While you wear the monitor'],
      ['after', 'After the procedure'],
    ]);
  });
});
