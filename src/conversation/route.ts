import type { Entry, Lang } from '../knowledge/types';
import { detectLanguage, type WordLang } from '../language/detect';
import type { Ranked } from '../matching/decide';
import type { Matcher, MatchResult } from '../matching/matcher';
import { checkSafety, type SafetyFlag } from '../safety/check';
import { clean, isGibberish, languageSwitchOf, smallTalkOf, type SmallTalk } from './intents';
import { procedureQuestion, scopeOf, type ProcedureScope } from './procedures';

export type Route =
  | { kind: 'emergency'; crisis: boolean }
  | { kind: 'personal' }
  | { kind: 'human' }
  | { kind: 'smalltalk'; smallTalk: SmallTalk }
  | { kind: 'language'; switchTo: Lang }
  | { kind: 'answer'; entry: Entry; confidence: number }
  | { kind: 'clarify'; choices: Ranked[] }
  | { kind: 'escalate'; topic?: string }
  | { kind: 'not-understood'; offTopic?: boolean }
  /** A question several procedures answer alike, and no procedure known: which one? */
  | { kind: 'which-procedure'; procedures: string[] };

export interface TurnDecision {
  route: Route;
  /** The language to reply in (and to remember when `langSure`). */
  lang: Lang;
  langSure: boolean;
  ranked: Ranked[];
  /** The procedure the message was answered for, and how it was known. */
  scope: ProcedureScope;
}

export interface RouteContext {
  matcher: Matcher;
  /** The patient's remembered language, used when the message does not show one. */
  lang: Lang;
  /** True when `lang` was chosen or shown by the patient, not just the default. */
  remembered?: boolean;
  isWord: (word: string) => boolean;
  wordLang?: (word: string) => WordLang;
  /** The safety check already made on this turn's message, when the caller made one. */
  checked?: SafetyCheck;
  /** The procedure named earlier in the conversation, and the page the web widget sits on. */
  procedure?: { earlier?: string; page?: string };
}

/** A message and what the safety check found in it. */
export interface SafetyCheck {
  text: string;
  flag: SafetyFlag | undefined;
}

/**
 * One message to one decision, in the order the design card sets: emergency before anything,
 * then the patient's own care, a person, small talk, then the knowledge. Pure.
 */
export function routeMessage(text: string, ctx: RouteContext): TurnDecision {
  const detected = detectLanguage(text, ctx.lang, ctx.wordLang);
  const cleaned = clean(text);
  // Every message is ranked, whatever its route, and the ranking goes on the turn: it is how a
  // clinic batch-tests its knowledge (`ask --top`) and what staff see the bot considered. The
  // route itself does not depend on it: safety comes first.
  const scope = scopeOf(cleaned.text, ctx.matcher, ctx.procedure ?? {});
  const result = cleaned.text
    ? ctx.matcher.match(cleaned.text, { procedure: scope.procedure })
    : undefined;
  const ranked = result?.ranked ?? [];
  const decision = (route: Route): TurnDecision => ({
    route,
    lang: route.kind === 'language' ? route.switchTo : detected.lang,
    langSure: route.kind === 'language' || detected.sure,
    ranked,
    scope,
  });
  // A message that could not be understood says nothing reliable about its language either.
  const notUnderstood = (): TurnDecision => ({
    ...decision({ kind: 'not-understood' }),
    lang: ctx.lang,
    langSure: false,
  });
  if (!text.trim()) return notUnderstood();

  const switchTo = languageSwitchOf(text);
  if (switchTo) return decision({ kind: 'language', switchTo });

  const flag = ctx.checked?.text === text ? ctx.checked.flag : checkSafety(text);
  if (flag?.kind === 'emergency') return decision({ kind: 'emergency', crisis: flag.crisis });
  // "Can I eat before", "is a bruise normal after": the clinic's own instructions, when they
  // answer it with confidence; without them, staff (the patient's own care).
  // The answer must speak to what made the question personal: the medicine, symptom or activity.
  const answered =
    result?.outcome === 'answer' &&
    !result.handoffTopic &&
    (flag?.kind !== 'personal' ||
      ctx.matcher.speaksTo(result.choices[0].entry, flag.concerns ?? []));
  if (flag && !(flag.kind === 'personal' && flag.soft && answered))
    return decision({ kind: flag.kind });

  const smallTalk = smallTalkOf(text);
  if (smallTalk) return decision({ kind: 'smalltalk', smallTalk });

  const known = (w: string) => ctx.isWord(w) || ctx.matcher.knows(w);
  if (!result || isGibberish(cleaned.text, known)) return notUnderstood();

  // Several procedures answer it alike, and the conversation is about none yet: ask which.
  const procedures = scope.procedure ? [] : procedureQuestion(ranked, ctx.matcher.procedures);
  if (procedures.length && result.outcome !== 'escalate' && !result.handoffTopic)
    return decision({ kind: 'which-procedure', procedures });

  // With no sign in the message and nothing remembered, the language of the questions it
  // matched is the best guess ("cateterismo?").
  if (!detected.sure && !ctx.remembered && result.lang && result.outcome !== 'escalate') {
    return routeMatched(result, cleaned.hostile, {
      ...decision({ kind: 'escalate' }),
      lang: result.lang,
    });
  }
  return routeMatched(result, cleaned.hostile, decision({ kind: 'escalate' }));
}

function routeMatched(result: MatchResult, hostile: boolean, base: TurnDecision): TurnDecision {
  const decision = (route: Route): TurnDecision => ({ ...base, route });
  if (result.outcome === 'answer') {
    const top = result.choices[0];
    return decision({ kind: 'answer', entry: top.entry, confidence: top.confidence });
  }
  if (result.outcome === 'clarify') return decision({ kind: 'clarify', choices: result.choices });
  // Chit-chat, and markup or insults with no question in them, are not worth a staff member's time.
  return decision(
    result.offTopic || (hostile && !result.handoffTopic)
      ? { kind: 'not-understood', offTopic: result.offTopic }
      : { kind: 'escalate', topic: result.handoffTopic },
  );
}
