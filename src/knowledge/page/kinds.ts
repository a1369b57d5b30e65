/**
 * The sections clinics' procedure pages share, whatever they call them, in English and Spanish.
 * A recognised section gets the curated questions of `knowledge/section-questions.json`; any other
 * heading gets questions made from its own words.
 */
export type SectionKind =
  'notice' | 'what' | 'aka' | 'duration' | 'types' | 'preparing' | 'how' | 'after';

const KINDS: [SectionKind, RegExp][] = [
  [
    'aka',
    /^(also (known|called) as|other names?|también (conocid[oa]|llamad[oa]) como|otros nombres)\b/i,
  ],
  [
    'duration',
    /^(duration|length of (the )?(procedure|test)|duraci[oó]n|tiempo|how long (does|will|is) (it|this|the [\p{L} ]+|a [\p{L} ]+|an [\p{L} ]+)( take)?\?*$|cu[aá]nto (dura|tarda|tiempo))/iu,
  ],
  ['types', /(^|\s)(types|kinds) of\b|^types$|^tipos\b|(^|\s)tipos de\b|^clases de\b/i],
  [
    'preparing',
    /^(preparing|preparation|how (to|do i|should i) (prepare|get ready)|getting ready|before (the|your) (procedure|test|exam|visit|appointment|implant|scan)|c[oó]mo prepararse|preparaci[oó]n|prepar[aá]ndose|antes del? (procedimiento|la prueba|su)\b)/i,
  ],
  [
    'how',
    /^(how (it|this) is (performed|done)|how is (it|the [\p{L} ]+) (performed|done)|the procedure$|during the (procedure|test|exam)|what happens during|c[oó]mo se (realiza|hace)|durante el procedimiento|el procedimiento$)/iu,
  ],
  [
    'after',
    /^(after (the|your) (procedure|test|exam|implant)|recovery|recovering|aftercare|after care|going home|despu[eé]s del? (procedimiento|la prueba)|recuperaci[oó]n|cuidados posteriores)/i,
  ],
  [
    'what',
    /^(what is (a|an|the)? ?[\p{L} ]+\?*$|overview|about (the )?[\p{L} ]+$|qu[eé] es\b|descripci[oó]n)/iu,
  ],
];

/** The kind of section a heading names, or undefined for a heading of the page's own. */
export function kindOf(heading: string): SectionKind | undefined {
  const h = heading
    .trim()
    .replace(/^[¿¡]/, '')
    .replace(/[:.]\s*$/, '');
  return KINDS.find(([, re]) => re.test(h))?.[0];
}

/** Labels whose value sits on the same line ("Duration: 1 hour") even when not bold. */
export function isInlineLabel(label: string): boolean {
  const kind = kindOf(label);
  return kind === 'aka' || kind === 'duration';
}

export function isQuestion(heading: string): boolean {
  return /\?\s*$/.test(heading) || /^¿/.test(heading);
}
