import type { FaqFile } from './schemas';
import type { Entry, Lang } from './types';
import { LANGS } from './types';

export function entriesFromFaq(faq: FaqFile, file: string): Entry[] {
  const reviewPending: Lang[] = LANGS.filter((l) => faq.review?.[l] !== undefined);
  return faq.entries.map((e) => ({
    id: e.id,
    source: file,
    title: e.title ?? {},
    questions: e.questions,
    answer: e.answer ?? {},
    sms: e.sms ?? {},
    reviewPending,
    url: e.url,
  }));
}
