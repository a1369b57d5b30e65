import { loadKnowledgeDir, KNOWLEDGE_DIR } from '../src/knowledge/load';
import { loadMatcherResources } from '../src/knowledge/resources';
import { buildMatcher } from '../src/matching/matcher';
import { routeMessage } from '../src/conversation/route';
import { CALIBRATION } from '../src/matching/confidence';
import { DEFAULT_THRESHOLDS } from '../src/matching/decide';
import { readLabelled } from '../src/evaluation/labelled';
const kb = loadKnowledgeDir(KNOWLEDGE_DIR, 3);
const res = loadMatcherResources();
const m = buildMatcher(kb.entries, res);
const act = (k: string) => ({emergency:'emergency',personal:'escalate',human:'escalate',escalate:'escalate',smalltalk:'smalltalk',language:'smalltalk',answer:'answer',clarify:'clarify','not-understood':'clarify'} as any)[k];
function run(file: string) {
  const items = readLabelled(`test/fixtures/eval/${file}`);
  const cats: Record<string, [number, number]> = {};
  let inScope = 0, right = 0;
  for (const l of items) {
    const d = routeMessage(l.text, { matcher: m, lang: 'en', isWord: res.isWord });
    const a = act(d.route.kind); const e = d.route.kind === 'answer' ? d.route.entry.id : null;
    const c = cats[l.category] ??= [0, 0]; c[0]++; if (a === l.expected.action && e === l.expected.entryId) c[1]++;
    if (l.expected.entryId) { inScope++; if (e === l.expected.entryId) right++; }
  }
  const min = Math.min(...Object.entries(cats).filter(([k]) => k !== 'clarify').map(([, c]) => c[1] / c[0]));
  const all = Object.values(cats).reduce((s, c) => s + c[1], 0) / items.length;
  return { min: +min.toFixed(3), all: +all.toFixed(3), inScope: +(right / inScope).toFixed(3) };
}
const out: string[] = [];
for (const mid of [0.26, 0.3, 0.34, 0.38, 0.42]) for (const slope of [10, 14, 20]) for (const cm of [0.02, 0.04, 0.06, 0.1]) {
  CALIBRATION.midpoint = mid; CALIBRATION.slope = slope; DEFAULT_THRESHOLDS.closeMargin = cm;
  const a = run('patient-messages.jsonl'), b = run('holdout.jsonl');
  out.push(`${mid} ${slope} ${cm} | tune ${JSON.stringify(a)} | hold ${JSON.stringify(b)}`);
}
console.log(out.sort((x, y) => +y.split('"all":')[1].split(',')[0] - +x.split('"all":')[1].split(',')[0]).slice(0, 12).join('\n'));
