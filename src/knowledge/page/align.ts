import type { PageSection } from '../parsePage';

/**
 * Pairs the sections of a page with those of its other-language version: first by the kind both
 * headings name (duration, preparing...), then, between those anchors, in order among sections
 * of the same shape (level, heading or none, question or not). Returns twin index by index.
 */
export function alignSections(a: PageSection[], b: PageSection[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const usedB = new Set<number>();
  a.forEach((s, i) => {
    if (!s.kind || s.kind === 'notice') return;
    const j = b.findIndex((t, k) => !usedB.has(k) && t.kind === s.kind);
    if (j >= 0) {
      pairs.set(i, j);
      usedB.add(j);
    }
  });
  // Between anchors, the longest common run of same-shaped sections.
  const restA = a.map((_, i) => i).filter((i) => !pairs.has(i));
  const restB = b.map((_, j) => j).filter((j) => !usedB.has(j));
  const shape = (s: PageSection) =>
    `${s.level}|${s.heading === null}|${s.question}|${s.kind ?? ''}|${s.inline ?? false}`;
  const match = (i: number, j: number) =>
    shape(a[i]) === shape(b[j]) && sameParent(a, b, i, j, pairs) && alike(a, b, i, j) >= 2;
  const dp: number[][] = Array.from({ length: restA.length + 1 }, () =>
    Array<number>(restB.length + 1).fill(0),
  );
  for (let x = restA.length - 1; x >= 0; x--) {
    for (let y = restB.length - 1; y >= 0; y--) {
      dp[x][y] = match(restA[x], restB[y])
        ? dp[x + 1][y + 1] + 1
        : Math.max(dp[x + 1][y], dp[x][y + 1]);
    }
  }
  for (let x = 0, y = 0; x < restA.length && y < restB.length;) {
    if (match(restA[x], restB[y]) && dp[x][y] === dp[x + 1][y + 1] + 1) {
      pairs.set(restA[x], restB[y]);
      x++;
      y++;
    } else if (dp[x + 1][y] >= dp[x][y + 1]) x++;
    else y++;
  }
  return pairs;
}

function sameParent(
  a: PageSection[],
  b: PageSection[],
  i: number,
  j: number,
  pairs: Map<number, number>,
): boolean {
  const pa = a[i].parent;
  const pb = b[j].parent;
  if (pa === undefined || pb === undefined) return pa === pb;
  return pairs.get(pa) === undefined || pairs.get(pa) === pb;
}

const digits = (s: PageSection) =>
  [...s.text.matchAll(/\d+/g)]
    .map((m) => m[0])
    .sort()
    .join(' ');
const children = (all: PageSection[], i: number) => all.filter((s) => s.parent === i).length;

/**
 * How much two sections in two languages look like translations of each other, from what
 * survives translation: their numbers, how many items and sub-sections, how long they are.
 * Two sections in the same place but about different things ("Risks", "Parking") stay apart.
 */
function alike(a: PageSection[], b: PageSection[], i: number, j: number): number {
  const [s, t] = [a[i], b[j]];
  let score = 0;
  score += s.items.length === t.items.length ? 1 : -1;
  score += children(a, i) === children(b, j) ? 1 : -1;
  const [ds, dt] = [digits(s), digits(t)];
  if (ds || dt) score += ds === dt ? 2 : -2;
  const ratio = (s.text.length + 1) / (t.text.length + 1);
  score += ratio > 0.6 && ratio < 1.7 ? 1 : -1;
  return score;
}
