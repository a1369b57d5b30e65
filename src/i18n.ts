import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import type { Lang } from './knowledge/types';
import { LANGS } from './knowledge/types';
import { ROOT } from './paths';

export const LOCALES_DIR = join(ROOT, 'locales');

export type Translate = (lang: Lang, key: string, vars?: Record<string, string>) => string;

/** Every phrase a patient reads comes from locales/<lang>/translation.json. */
export function createTranslator(dir = LOCALES_DIR): Translate {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    resources: Object.fromEntries(
      LANGS.map((l) => [
        l,
        { translation: JSON.parse(readFileSync(join(dir, l, 'translation.json'), 'utf8')) },
      ]),
    ),
  });
  const fixed: Record<Lang, TFunction> = {
    en: instance.getFixedT('en'),
    es: instance.getFixedT('es'),
  };
  return (lang, key, vars) => fixed[lang](key, vars ?? {}) as string;
}
