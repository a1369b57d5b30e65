import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assembleBot } from '../../src/core/assemble';
import { InProcessConversation } from '../../src/bot/inProcess';
import { loadConfig } from '../../src/config';

const ROOT = join(__dirname, '..', '..');
const SITE = join(ROOT, 'test', 'fixtures', 'knowledge', 'clinic-site');

function buildKb(knowledgeDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/buildKnowledge.ts'], {
    cwd: ROOT,
    env: { ...process.env, KNOWLEDGE_DIR: knowledgeDir },
    encoding: 'utf8',
  });
}

describe('npm run build:kb on the folder KNOWLEDGE_DIR names', () => {
  it('builds a site folder with warnings only, grouped by file, and lists what is English only', () => {
    const run = buildKb(SITE);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('knowledge OK: 54 entries, 4 procedures\n');
    expect(run.stderr).toContain(
      'warning: docs/locked.pdf\n  - could not be read (it is password-protected)',
    );
    expect(run.stderr).toMatch(
      /untranslated \(English only\), per page:\n(.*\n)* {2}procedures\/holter\.txt \(no Spanish page\): 8 — holter\.aka/,
    );
    expect(run.stderr).toContain('note: images/ablation.png: not a knowledge file; left out');
  });

  it('fails on a real error, naming the file and the entry', () => {
    const run = buildKb(join(ROOT, 'test', 'fixtures', 'knowledge', 'duplicate-id'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('visitors.json [visitors]: duplicate id (also in clinic.json)');
  });
});

describe('the bot on a site folder', () => {
  it('answers from the site, a FAQ answer in the clinic’s words', async () => {
    const app = await assembleBot(loadConfig({ KNOWLEDGE_DIR: SITE, LOG_LEVEL: 'silent' }));
    expect(app.services.matcher.entries.some((e) => e.id === 'ablation.prep.do-not.1')).toBe(true);
    const chat = new InProcessConversation(app.bot, app.store, 'site-1', 'web');
    const { replies } = await chat.say('Where do I park?');
    expect(replies.map((r) => r.text).join('\n')).toContain(
      'Free parking is in the garage behind our building.',
    );
  });
});
