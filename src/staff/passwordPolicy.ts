import { hasControlCharacters } from '../http/text';
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD = 12;
/** A display name's length at most. */
export const MAX_NAME = 60;

/** 49,000 passwords seen most often in breaches (zxcvbn-ts's list), lower-cased. */
const COMMON = new Set(dictionary['passwords-common'].map((p) => String(p).toLowerCase()));

/**
 * Why a new staff password is refused, or undefined when it is acceptable: long enough, not a
 * common password (nor one with digits or symbols added at either end), not one or two
 * characters repeated, not the account's own email name.
 */
export function passwordProblem(password: string, email = ''): string | undefined {
  if (password.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters.`;
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core)))
    return 'That password is one of the most common ones; choose another.';
  if (new Set(lower).size < 5) return 'Use more different characters.';
  const name = email.split('@')[0]?.toLowerCase() ?? '';
  if (name.length >= 4 && lower.includes(name))
    return 'Do not use your email name in the password.';
  return undefined;
}

/** Why a display name cannot be used, or undefined: patients read it beside each message. */
export function nameProblem(name: string): string | undefined {
  if (!name.trim()) return 'Give your name, as patients will see it.';
  if (name.length > MAX_NAME) return `Your name is at most ${MAX_NAME} characters.`;
  if (hasControlCharacters(name) || /[<>]/.test(name))
    return 'Your name cannot have control characters or angle brackets.';
  return undefined;
}
