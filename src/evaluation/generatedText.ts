import type { Lang } from '../knowledge/types';

export type QType = 'about' | 'symptoms' | 'causes' | 'treatment' | 'prevention';

/** How one question type is written in the knowledge, and how patients ask it. */
export interface QTypeText {
  question: (name: string) => string;
  heading: (name: string) => string;
  answer: (name: string, facts: string[]) => string;
  /** Patients' own phrasings (the topic in lower case, as typed). */
  asked: ((name: string) => string)[];
  /** Asked by a fact only this entry's answer gives. */
  byFact: ((name: string, fact: string) => string)[];
}

// Written for the generated knowledge base of the tests and the benchmark: sentence frames
// only, the topics and facts are made-up words.
export const QTYPES: Record<Lang, Record<QType, QTypeText>> = {
  en: {
    about: {
      question: (n) => `What is (are) ${n} ?`,
      heading: (n) => `About ${n}`,
      answer: (n, [a, b, c]) =>
        `${n} is a rare condition of the ${a}. It affects the ${b} and the ${c} over many years.`,
      asked: [(n) => `what is ${n}`, (n) => `can you explain what ${n} is`],
      byFact: [(n, f) => `does ${n} affect the ${f}`],
    },
    symptoms: {
      question: (n) => `What are the symptoms of ${n} ?`,
      heading: (n) => `Symptoms of ${n}`,
      answer: (n, [a, b, c]) =>
        `The symptoms of ${n} include ${a}, ${b} and ${c}. Signs often appear in childhood.`,
      asked: [(n) => `what are the signs of ${n}`, (n) => `symptoms of ${n}`],
      byFact: [(n, f) => `is ${f} a sign of ${n}`],
    },
    causes: {
      question: (n) => `What causes ${n} ?`,
      heading: (n) => `Causes of ${n}`,
      answer: (n, [a, b, c]) =>
        `${n} is caused by changes in the ${a} gene. People also get it from ${b} or ${c}.`,
      asked: [(n) => `why do people get ${n}`, (n) => `what is the cause of ${n}`],
      byFact: [(n, f) => `can the ${f} gene give you ${n}`],
    },
    treatment: {
      question: (n) => `What are the treatments for ${n} ?`,
      heading: (n) => `Treating ${n}`,
      answer: (n, [a, b, c]) =>
        `${n} is treated with ${a} and ${b}. There is no cure, but ${c} helps many patients.`,
      asked: [(n) => `how is ${n} treated`, (n) => `is there a cure for ${n}`],
      byFact: [(n, f) => `is ${n} treated with ${f}`],
    },
    prevention: {
      question: (n) => `How to prevent ${n} ?`,
      heading: (n) => `Preventing ${n}`,
      answer: (n, [a, b, c]) =>
        `You can lower the chance of getting ${n} by avoiding ${a} and ${b}. Prevention also means ${c}.`,
      asked: [(n) => `how can i prevent ${n}`, (n) => `how do i lower my chance of getting ${n}`],
      byFact: [(n, f) => `does avoiding ${f} prevent ${n}`],
    },
  },
  es: {
    about: {
      question: (n) => `¿Qué es ${n}?`,
      heading: (n) => `Acerca de ${n}`,
      answer: (n, [a, b, c]) =>
        `${n} es una enfermedad poco común del ${a}. Afecta el ${b} y el ${c} durante años.`,
      asked: [(n) => `que es ${n}`, (n) => `me pueden explicar que es ${n}`],
      byFact: [(n, f) => `${n} afecta el ${f}`],
    },
    symptoms: {
      question: (n) => `¿Cuáles son los síntomas de ${n}?`,
      heading: (n) => `Síntomas de ${n}`,
      answer: (n, [a, b, c]) =>
        `Los síntomas de ${n} incluyen ${a}, ${b} y ${c}. Las señales aparecen en la niñez.`,
      asked: [(n) => `cuales son los sintomas de ${n}`, (n) => `sintomas de ${n}`],
      byFact: [(n, f) => `el ${f} es un sintoma de ${n}`],
    },
    causes: {
      question: (n) => `¿Qué causa ${n}?`,
      heading: (n) => `Causas de ${n}`,
      answer: (n, [a, b, c]) =>
        `${n} es causada por cambios en el gen ${a}. También la causan el ${b} o el ${c}.`,
      asked: [(n) => `que causa ${n}`, (n) => `cual es la causa de ${n}`],
      byFact: [(n, f) => `el gen ${f} causa ${n}`],
    },
    treatment: {
      question: (n) => `¿Cuál es el tratamiento para ${n}?`,
      heading: (n) => `Tratamiento de ${n}`,
      answer: (n, [a, b, c]) =>
        `${n} se trata con ${a} y ${b}. No tiene cura, pero el ${c} ayuda a muchos pacientes.`,
      asked: [(n) => `como se trata ${n}`, (n) => `cual es el tratamiento de ${n}`],
      byFact: [(n, f) => `${n} se trata con ${f}`],
    },
    prevention: {
      question: (n) => `¿Cómo se previene ${n}?`,
      heading: (n) => `Prevención de ${n}`,
      answer: (n, [a, b, c]) =>
        `Para prevenir ${n}, evite ${a} y ${b}. La prevención también incluye ${c}.`,
      asked: [(n) => `como puedo prevenir ${n}`, (n) => `se puede prevenir ${n}`],
      byFact: [(n, f) => `evitar el ${f} previene ${n}`],
    },
  },
};

/** Sentences that surround a question in a long message and say nothing about the topic. */
export const STORIES: Record<Lang, string[]> = {
  en: [
    'My mother saw her doctor last week and the whole family is worried.',
    'Sorry to bother you so late, the office was closed when I called.',
    'He is seventy years old and has been tired for months now.',
    'We read a lot online and honestly got more confused.',
    'The doctor was in a hurry and we forgot to ask.',
  ],
  es: [
    'Mi mamá fue al doctor la semana pasada y estamos preocupados.',
    'Perdón por escribir tan tarde, la oficina estaba cerrada.',
    'Leímos mucho en internet y quedamos más confundidos.',
  ],
};
