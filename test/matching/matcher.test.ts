import { KNOWLEDGE_DIR, loadKnowledgeDir } from '../../src/knowledge/load';
import { loadMatcherResources } from '../../src/core/matcherResources';
import { buildMatcher, type Matcher } from '../../src/matching/matcher';

let matcher: Matcher;

beforeAll(async () => {
  matcher = buildMatcher(
    (await loadKnowledgeDir(KNOWLEDGE_DIR, 3)).entries,
    loadMatcherResources(),
  );
});

const answered: [kind: string, message: string, entryId: string][] = [
  ['paraphrase', 'how long does it last', 'impella-duration'],
  ['paraphrase', 'how many hours will it take', 'impella-duration'],
  ['paraphrase', 'walk me through what they do', 'impella-how'],
  ['paraphrase', 'what is recovery like', 'impella-after'],
  ['paraphrase', 'who picks which impella i get', 'impella-type-choice'],
  ['paraphrase', 'do they watch my heart on a monitor', 'impella-monitoring'],
  ['paraphrase', 'is it called something else', 'impella-aka'],
  ['paraphrase', 'do i have to wear a mask', 'covid-precautions'],
  ['paraphrase', 'what does the right side one do', 'impella-rp'],
  ['paraphrase', 'where does the impella sit in the heart', 'impella-left'],
  ['paraphrase', 'what kinds of impellas are there', 'impella-types'],
  ['typo', 'how long is the procedjure', 'impella-duration'],
  ['typo', 'how is the procedjure done', 'impella-how'],
  ['typo', 'where does the cathater go in', 'impella-access'],
  ['typo', 'where do they put the cathater', 'impella-access'],
  ['sms', 'hw do i prep 4 it', 'impella-preparing'],
  ['sms', 'hw long dus it take', 'impella-duration'],
  ['sms', 'wat happens aftr', 'impella-after'],
  ['sms', 'wat r the steps', 'impella-how'],
  ['sms', 'what do i do b4 the procedure', 'impella-preparing'],
  ['sms', 'will they go in thru my groin', 'impella-access'],
  ['lay words', 'whats a heart pump', 'impella-what'],
  ['lay words', 'is the heart pump the same thing as impella', 'impella-aka'],
  ['lay words', 'how does the heart pump work', 'impella-left'],
  ['lay words', 'is it done through the groin', 'impella-access'],
  ['lay words', 'will they go in through my groin or wrist', 'impella-access'],
  ['lay words', 'what is a heart cath', 'impella-access'],
  ['lay words', 'what is a cath', 'impella-access'],
  ['spanish', 'cuánto dura el procedimiento', 'impella-duration'],
  ['spanish', 'cómo me preparo para el procedimiento', 'impella-preparing'],
  ['spanish', 'qué pasa después del procedimiento', 'impella-after'],
  ['spanish', '¿para qué es el tinte?', 'impella-dye'],
  ['spanish', 'qué es la bomba del corazón', 'impella-what'],
  ['spanish, no accents', 'cuanto tiempo tarda', 'impella-duration'],
  ['spanish, no accents', 'como me alisto para el impella', 'impella-preparing'],
  ['spanish, no accents', 'que pasa despues', 'impella-after'],
  ['spanish, no accents', 'por donde meten el tubo', 'impella-access'],
  ['spanish, no accents', 'me lo ponen por la ingle', 'impella-access'],
  ['spanish, no accents', 'necesito usar cubrebocas', 'covid-precautions'],
  [
    'story',
    'My husband has been in the hospital for a week and the doctors keep talking about a lot of things and I am so tired and confused. His cardiologist came by this morning. How long does the procedure take?',
    'impella-duration',
  ],
  [
    'story',
    'Hi, sorry to bother you so late. My dad is scheduled for next Tuesday and honestly the whole family is anxious, we have read a lot online and some of it is scary. Anyway my actual question: how do we prepare for the procedure?',
    'impella-preparing',
  ],
  // The question word decides between two readings of the same topic words.
  ['question word', 'what is this heart pump thing they want to put in me', 'impella-what'],
  ['question word', 'donde va el impella en el corazon', 'impella-left'],
  // Hedges and asides that are not the question.
  ['hedge', 'Is the Impella some kind of pump? What is it used for?', 'impella-what'],
  ['aside', 'hola q es eso del impella q me dijo el dr', 'impella-what'],
  ['aside', 'what is the impella my doctor mentioned', 'impella-what'],
  ['paraphrase', 'who makes the decision about which type he gets', 'impella-type-choice'],
  ['one word', 'dye?', 'impella-dye'],
  // "cómo" is not stemmed into "comer" (to eat), a facilities word.
  ['question word', '¿Cómo mueve la sangre la bomba?', 'impella-left'],
  // A word joined to a whole question belongs to it; it is not a second question.
  ['one question', 'What kinds of heart pumps do you have, right and left?', 'impella-types'],
  ['figure of speech', 'im dying to know how long the procedure takes', 'impella-duration'],
  ['one word', 'aftercare', 'impella-after'],
  [
    'story',
    'Mi papá tiene 80 años y está muy nervioso. Ayer el doctor nos habló del Impella pero no entendimos mucho. ¿Cuánto tiempo dura el procedimiento?',
    'impella-duration',
  ],
];

const languageOf: [message: string, lang: 'en' | 'es'][] = [
  ['how long does the procedure take', 'en'],
  ['hw do i prep 4 it', 'en'],
  ['cuánto dura el procedimiento', 'es'],
  ['que pasa despues', 'es'],
];

// Questions only staff can answer: the bot has no content for them and must not guess.
const outOfScope: [topic: string, message: string][] = [
  ['insurance', 'do you take my insurance'],
  ['insurance', 'is it covered by insurance'],
  ['insurance', 'aceptan mi seguro'],
  ['cost', 'how much does it cost'],
  ['cost', 'cuánto cuesta'],
  ['parking', 'where do i park'],
  ['parking', 'is there parking at the clinic'],
  ['parking', 'dónde me estaciono'],
  ['hours', 'what are your hours'],
  ['hours', 'when are you open'],
  ['hours', 'is the clinic open on sunday'],
  ['hours', 'a que hora abren'],
  ['unrelated', 'what is the weather today'],
  ['unrelated', 'can you recommend a good restaurant'],
  ['unrelated', 'tell me a joke'],
  ['unrelated', 'who won the game last night'],
  ['risks', 'what happens if the pump stops working'],
  ['risks', 'how many people die from the procedure'],
];

describe('matcher', () => {
  test.each(answered)('%s: %j is answered with %s', (_kind, message, entryId) => {
    const result = matcher.match(message);
    expect(result.outcome).toBe('answer');
    expect(result.choices[0].entry.id).toBe(entryId);
  });

  test.each(languageOf)('%j matched the %s questions', (message, lang) => {
    expect(matcher.match(message).lang).toBe(lang);
  });

  test.each(outOfScope)('%s: %j is escalated', (_topic, message) => {
    expect(matcher.match(message).outcome).toBe('escalate');
  });

  test.each(['instructions?', 'instructions', 'which instructions do i need'])(
    '%j asks whether the patient means before or after',
    (message) => {
      const result = matcher.match(message);
      expect(result.outcome).toBe('clarify');
      expect(result.choices.map((c) => c.entry.id)).toEqual(
        expect.arrayContaining(['impella-preparing', 'impella-after']),
      );
    },
  );

  test.each([
    ['the catheter thing', 'en'],
    ['lo del tubo ese', 'es'],
  ])('%j names a topic several entries explain: the patient is asked which', (message) => {
    const result = matcher.match(message);
    expect(result.outcome).toBe('clarify');
    expect(result.choices.map((c) => c.entry.id)).toEqual(
      expect.arrayContaining(['impella-access', 'impella-how']),
    );
  });

  test.each([
    'what is the dye for',
    'hw do i prep 4 it',
    'instructions?',
    'do you take my insurance',
    'what is the weather today',
    'asdf qwer zxcv',
  ])('every confidence for %j is between 0 and 1', (message) => {
    for (const r of matcher.match(message).ranked) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });

  // Staff see the entries the bot considered with their confidences, best first.
  test.each([
    'which instructions do i need',
    'where do i find the instructions',
    'what happens in the cath lab',
    'where does the impella go',
    'who won the game last night',
  ])('for %j no entry is more confident than the one ranked above it', (message) => {
    const confidences = matcher.match(message).ranked.map((r) => r.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
  });

  const topConfidence = (message: string) => matcher.match(message).ranked[0]?.confidence ?? 0;

  test.each([
    ['what is the dye for', 'what is the weather today'],
    ['how long does the procedure take', 'can you recommend a good restaurant'],
    ['cuánto dura el procedimiento', 'quién ganó el partido anoche'],
  ])(
    'an exact stored question (%j) is more confident than an unrelated one (%j)',
    (stored, unrelated) => {
      expect(topConfidence(stored)).toBeGreaterThan(0.9);
      expect(topConfidence(stored)).toBeGreaterThan(topConfidence(unrelated));
    },
  );
});

describe('matching within some entries only (the procedure a conversation is about)', () => {
  const without = (id: string) => (e: { id: string }) => e.id !== id;

  test('an entry left out is neither ranked nor answered with', () => {
    const result = matcher.match('how long does the procedure take', {
      only: without('impella-duration'),
    });
    expect(result.ranked.map((r) => r.entry.id)).not.toContain('impella-duration');
    expect(result.choices.map((c) => c.entry.id)).not.toContain('impella-duration');
  });

  test('the entries kept are ranked as they would be without the others', () => {
    const all = matcher.match('what happens after the procedure').ranked.map((r) => r.entry.id);
    const kept = matcher
      .match('what happens after the procedure', { only: without(all[0]) })
      .ranked.map((r) => r.entry.id);
    expect(kept.slice(0, all.length - 1)).toEqual(all.slice(1));
  });

  test('topics only staff can answer are still handed over', () => {
    const result = matcher.match('do you take my insurance', {
      only: (e) => e.id === 'impella-duration',
    });
    expect(result.outcome).toBe('escalate');
    expect(result.handoffTopic).toBeDefined();
  });
});

test.each(['what is it?', 'and tell me your', '¿qué es?'])(
  '%j names no topic: nothing it matches is stated as likely, so it is not answered',
  (message) => {
    const result = matcher.match(message);
    expect(result.outcome).toBe('escalate');
    expect(result.handoffTopic).toBeUndefined();
    for (const r of result.ranked) expect(r.confidence).toBe(0);
  },
);
