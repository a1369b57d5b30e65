export interface AskArgs {
  jsonl: boolean;
  kb: string[];
  top: number;
  question: string;
}

/** `ask [--jsonl] [--kb FILE]... [--top N] [question words...]` */
export function parseAskArgs(argv: string[]): AskArgs {
  const args: AskArgs = { jsonl: false, kb: [], top: 0, question: '' };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--jsonl') args.jsonl = true;
    else if (a === '--kb') {
      const file = argv[++i];
      if (!file) throw new Error('--kb needs a file');
      args.kb.push(file);
    } else if (a === '--top') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1)
        throw new Error('--top needs a whole number of at least 1');
      args.top = n;
    } else if (a === '--') continue;
    else words.push(a);
  }
  args.question = words.join(' ');
  return args;
}
