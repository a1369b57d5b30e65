import { assembleBot, type Assembled } from '../../src/bot/assemble';
import { loadConfig } from '../../src/config';
import { routeMessage, type RouteContext } from '../../src/conversation/route';
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
