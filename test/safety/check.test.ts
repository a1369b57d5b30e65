import { checkSafety } from '../../src/safety/check';

// Typed the way patients type on a phone: typos, no apostrophes, no accents.
const emergencies: [message: string, crisis: boolean][] = [
  ['chest pian', false],
  ['my dad has chest pian', false],
  ['I have chest pain', false],
  ['my chest hurts so bad', false],
  ['crushing pressure in my chest', false],
  ['I think im having a heart attack', false],
  ['cant breath', false],
  ['I cant breth', false],
  ['im short of breath', false],
  ["she's not breathing", false],
  ['bleeding wont stop from the groin', false],
  ['the bandage is soaked with blood', false],
  ['my husband passed out', false],
  ['she fainted', false],
  ["he's slurring his words", false],
  ['her face is drooping', false],
  ['me desmaye', false],
  ['mi esposo se desmayó', false],
  ['se desmallo', false],
  ['dolor d pecho', false],
  ['tengo dolor en el pecho', false],
  ['me duele mucho el pecho', false],
  ['no puedo respirar', false],
  ['me falta el aire', false],
  ['no para de sangrar', false],
  ['tiene la cara caida', false],
  ['habla arrastrada', false],
  // An implanted defibrillator that fired.
  ['my defibrillator went off twice this morning', false],
  ['the icd zapped me and i feel dizzy', false],
  ['my device fired again', false],
  ['el desfibrilador me descargo hace rato', false],
  ['me dio dos descargas el aparato', false],
  ['I want to kill myself', true],
  ['i wanna die', true],
  ["I don't want to live anymore", true],
  ['ive been having suicidal thoughts', true],
  ["I'm thinking of ending my life", true],
  ['I feel like hurting myself', true],
  ['quiero morirme', true],
  ['me quiero morir', true],
  ['quiero matarme', true],
  ['me quiero matar', true],
  ['ya no quiero vivir', true],
  ['pienso en suicidarme', true],
];

const personal: string[] = [
  'should i stop my blood thinner before the procedure',
  'can i take my eliquis the morning of',
  'do I keep taking my metformin',
  'puedo tomar mis pastillas antes del procedimiento',
  'what did my echo show',
  'can you tell me my results',
  'ya salieron mis resultados',
  'my groin is swollen where they went in',
  'is this bruising normal',
  'I have a fever since yesterday',
  'tengo fiebre',
  'me siento mareado',
];

const askForAPerson: string[] = [
  'I want to talk to a person',
  'can i speak to a nurse',
  'real person please',
  'can someone call me',
  'quiero hablar con una persona',
  'me pueden llamar',
];

// Questions about the procedure itself, answered from the clinic's page: never flagged.
const ordinary: string[] = [
  'how long does the procedure take',
  'where does the catheter go in',
  'will they go in through my arm or leg',
  'what is the contrast dye for',
  'qué debo hacer antes del procedimiento',
  'what is an impella',
  'how is the impella put in',
  'cuánto dura el procedimiento',
  'qué pasa después del procedimiento',
  'do i need to wear a mask',
  // Questions the clinic's own knowledge lists for its entries.
  'what should i do after the procedure',
  'what should i do the night before',
  'how should i get ready for the impella',
  'is there an injection of dye',
  // About a defibrillator, not a shock happening.
  'what does an icd shock feel like',
  'how long does the defibrillator battery last',
  'que hago si el desfibrilador me da una descarga',
];

// An emergency in the same message as anything else.
const mixed: [message: string, crisis: boolean][] = [
  ['can i take my aspirin, I have chest pain', false],
  ['my groin is swollen and bleeding wont stop', false],
  ['i want to talk to someone, i want to end it all', true],
];

// Alarming words about the past, a family history or a "what if": not an emergency now.
const notNow: string[] = [
  'I fainted last year, can I still have the procedure?',
  'My grandfather had a stroke in 2019. Can he still get an Impella?',
  'What if I faint during the procedure?',
  'is chest pain a normal side effect after the impella?',
  'im dying to know how long the procedure takes',
  'Tuve un infarto hace dos años y ahora me van a poner el Impella, ¿cuánto dura?',
  '¿Qué pasa si me desmayo durante el procedimiento?',
  'Suicide runs in my family and I am on antidepressants',
];

// ...unless something says it is happening now, and suicidal thoughts put as a "what if".
const stillNow: [message: string, crisis: boolean][] = [
  ['I had a stroke years ago and right now my face is drooping', false],
  ['what if I have a heart attack, my chest is crushing right now', false],
  ['nobody would care if i was dead', true],
  ['hes jerking and shaking on the floor, eyes rolled back', false],
  ['se me nubló la vista de un ojo y tengo el brazo dormido de repente', false],
];

// Not an emergency now, but a risk or the patient's own history: for staff, not general content.
const historyOrRisk: string[] = [
  'I fainted last year, can I still have the procedure?',
  'My grandfather had a stroke in 2019. Can he still get an Impella?',
  'What if I faint during the procedure?',
  '¿Qué pasa si me desmayo durante el procedimiento?',
  'Can the Impella cause a stroke?',
  'My mom had seizures as a kid. Is the contrast dye safe for her?',
  'Hace años tuve pensamientos suicidas, ¿lo tengo que decir antes del procedimiento?',
  'Will I be awake during the procedure?',
  '¿Voy a estar dormido?',
];

// A past event given as the reason for the visit, or a figure of speech, beside a question the
// page answers: the question is answered.
const onlyContext: string[] = [
  "I had chest pain last month and that's why I'm getting the Impella. How long does it take?",
  'Mi hermano murió de un infarto. ¿El Impella es para la insuficiencia cardíaca?',
  'my heart was racing when the doctor told me about the pump lol, what even is it',
  'im dying to know how long the procedure takes',
  'I lie awake at night wondering how the procedure is done',
  '¿Dónde están las instrucciones para después? Quiero saber cómo cuidar la herida.',
];

describe('checkSafety', () => {
  test.each(historyOrRisk)('%j goes to staff as a question about the patient', (message) => {
    expect(checkSafety(message)).toMatchObject({ kind: 'personal' });
  });

  test.each(onlyContext)('%j is not flagged', (message) => {
    expect(checkSafety(message)).toBeUndefined();
  });

  test.each(notNow)('%j is not an emergency', (message) => {
    expect(checkSafety(message)?.kind).not.toBe('emergency');
  });

  test.each(stillNow)('%j is still an emergency (crisis: %s)', (message, crisis) => {
    expect(checkSafety(message)).toMatchObject({ kind: 'emergency', crisis });
  });

  test.each(emergencies)('%j is an emergency (crisis: %s)', (message, crisis) => {
    expect(checkSafety(message)).toMatchObject({ kind: 'emergency', crisis });
  });

  test.each(personal)('%j is about the patient’s own care', (message) => {
    expect(checkSafety(message)).toMatchObject({ kind: 'personal' });
  });

  test.each(askForAPerson)('%j asks for a person', (message) => {
    expect(checkSafety(message)).toMatchObject({ kind: 'human' });
  });

  test.each(ordinary)('%j is not flagged', (message) => {
    expect(checkSafety(message)).toBeUndefined();
  });

  test.each(mixed)('%j: the emergency wins', (message, crisis) => {
    expect(checkSafety(message)).toMatchObject({ kind: 'emergency', crisis });
  });
});
