import { z } from 'zod';
import type { Problem } from './types';

const byLang = <T extends z.ZodType>(value: T) =>
  z.strictObject({ en: value.optional(), es: value.optional() });

const entryFields = {
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'ids are letters, digits, "-", "_" or "."'),
  title: byLang(z.string()).optional(),
  questions: byLang(z.array(z.string())),
  answer: byLang(z.string()).optional(),
  sms: byLang(z.string()).optional(),
  url: z.string().optional(),
};

/** A procedure page's companion file: which section each entry answers, and its translations. */
export const PageMetaSchema = z.strictObject({
  page: z.string(),
  procedure: byLang(z.string()).optional(),
  review: byLang(z.string()).optional(),
  /** Entry ids offered as a menu when the bot did not understand a message. */
  menu: z.array(z.string()).optional(),
  entries: z.array(z.strictObject({ ...entryFields, from: z.string().optional() })),
});

/** Clinic-wide questions that come from no procedure page. */
export const FaqFileSchema = z.strictObject({
  review: byLang(z.string()).optional(),
  entries: z.array(z.strictObject(entryFields)),
});

export type PageMeta = z.infer<typeof PageMetaSchema>;
export type FaqFile = z.infer<typeof FaqFileSchema>;

/** Parses with a schema, turning each issue into a problem that names the file and the entry. */
export function parseWith<T>(schema: z.ZodType<T>, raw: unknown, file: string): T | Problem[] {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  return result.error.issues.map((issue) => {
    const [first, index] = issue.path;
    const entry =
      first === 'entries' && typeof index === 'number'
        ? ((raw as { entries?: { id?: unknown }[] }).entries?.[index]?.id as string | undefined)
        : undefined;
    const where = issue.path.join('.');
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}${where ? ` in ${where}` : ''}`
        : `${where || 'file'}: ${issue.message}`;
    return {
      file,
      entryId: entry ?? (typeof index === 'number' ? `#${index + 1}` : undefined),
      message,
    };
  });
}
