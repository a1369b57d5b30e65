import { assembleBot, type Assembled } from '../../src/core/assemble';
import { loadConfig } from '../../src/config';
import { routeMessage, type RouteContext } from '../../src/conversation/route';
import { clean } from '../../src/conversation/intents';
import { checkSafety } from '../../src/safety/check';

let app: Assembled;
let base: RouteContext;

beforeAll(async () => {
  app = await assembleBot(loadConfig({ CLINIC_NAME: 'Lakeside Heart Clinic' }));
  base = {
    matcher: app.services.matcher,
    lang: 'en',
    isWord: app.services.isWord,
    wordLang: app.services.wordLang,
  };
});

describe('routing reuses the safety check the turn already made', () => {
  it('routes an emergency as one when the check handed in was for another message', () => {
    const d = routeMessage('my dad has chest pian', {
      ...base,
      checked: { text: 'how long does it take', flag: undefined },
    });
    expect(d.route.kind).toBe('emergency');
  });

  it('routes the same with the check handed in as without it', () => {
    for (const text of [
      'my dad has chest pian',
      'can I take my own insulin',
      'how long does it take',
    ]) {
      const own = routeMessage(text, base);
      const reused = routeMessage(text, { ...base, checked: { text, flag: checkSafety(text) } });
      expect(reused.route.kind).toBe(own.route.kind);
    }
  });
});

describe('every message is ranked, whatever its route', () => {
  // [message, its route]: the route is what it was before the ranking was kept for every route.
  test.each([
    ['my dad has chest pain after the procedure', 'emergency'],
    ['I want to kill myself, the procedure scares me', 'emergency'],
    ['should I stop taking my blood thinner before the procedure', 'personal'],
    ['can I talk to a person about the procedure', 'human'],
    ['do you take my insurance', 'escalate'],
    ['what is the weather today', 'not-understood'],
    ['instructions?', 'clarify'],
    ['how long does the procedure take', 'answer'],
  ])('%j is routed to %s and carries the knowledge ranked for it', (text, kind) => {
    const d = routeMessage(text, base);
    expect(d.route.kind).toBe(kind);
    expect(d.ranked.length).toBeGreaterThan(0);
    const ranked = app.services.matcher.match(clean(text).text).ranked;
    expect(d.ranked.map((r) => r.entry.id)).toEqual(ranked.map((r) => r.entry.id));
  });

  test.each(['thanks!', 'español', ''])(
    '%j, with no word the knowledge uses, has an empty ranking',
    (text) => {
      expect(routeMessage(text, base).ranked).toEqual([]);
    },
  );
});
