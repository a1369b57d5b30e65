/**
 * The k best of many scored items, best first, without sorting them all: a knowledge base of
 * thousands of entries shares a word or two with most messages. Ties keep the order items came in.
 */
export class TopK {
  readonly items: number[] = [];
  readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** The score an item must beat to get in (-Infinity while there is room). */
  floor = -Infinity;

  offer(item: number, score: number): void {
    if (this.k <= 0 || score <= this.floor) return;
    let i = this.items.length;
    if (i === this.k) i -= 1;
    // Insertion from the end: k is small (ten or so), so this beats a heap.
    while (i > 0 && this.scores[i - 1] < score) {
      this.items[i] = this.items[i - 1];
      this.scores[i] = this.scores[i - 1];
      i -= 1;
    }
    this.items[i] = item;
    this.scores[i] = score;
    if (this.items.length === this.k) this.floor = this.scores[this.k - 1];
  }
}
