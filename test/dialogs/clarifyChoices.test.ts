import { join } from 'node:path';
import { assembleBot, type Assembled } from '../../src/core/assemble';
import { InProcessConversation, type Channel } from '../../src/bot/inProcess';
import { loadConfig } from '../../src/config';

// An export with the same question twice: from two sites with different answers (told apart by
// the site), and from one file with nothing to tell the rows apart (one choice, so answered).
const TSV = join(__dirname, '..', 'fixtures', 'ask', 'same-titles.tsv');
let app: Assembled;
let n = 0;

beforeAll(async () => {
  app = await assembleBot(loadConfig({ CLINIC_NAME: 'Lakeside Heart Clinic' }), [TSV]);
});

const patient = (channel: Channel) =>
  new InProcessConversation(app.bot, app.store, `same-titles-${++n}`, channel);

describe('"did you mean" never offers two identical choices', () => {
  test('the same question from two sites is offered once per site, and a pick is answered', async () => {
    const p = patient('web');
    const { replies, turn } = await p.say('what is noonan syndrome');
    expect(turn?.action).toBe('clarify');
    const offered = replies.flatMap((r) => r.suggestedActions);
    expect(offered).toEqual([
      'What is Noonan syndrome? (genetics.example.gov)',
      'What is Noonan syndrome? (rarediseases.example.gov)',
      'Something else',
    ]);
    const picked = await p.say('What is Noonan syndrome? (rarediseases.example.gov)');
    expect(picked.turn?.entryId).toBe('11');
    expect(picked.replies[0].text).toContain('genetic disorder that affects many parts');
  });

  test('by SMS the numbered choices differ too, and the number picks its own row', async () => {
    const p = patient('sms');
    const { replies } = await p.say('noonan');
    const lines = replies[0].text.split('\n').slice(1);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines[0]).toBe('1. What is Noonan syndrome? (genetics.example.gov)');
    expect((await p.say('1')).turn?.entryId).toBe('12');
  });

  test('the same question twice with nothing to tell the rows apart is answered', async () => {
    const { replies, turn } = await patient('web').say('what is a stress test');
    expect(turn?.action).toBe('answer');
    expect(['21', '22']).toContain(turn?.entryId);
    expect(replies.flatMap((r) => r.suggestedActions)).toEqual([]);
  });
});
