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

export interface EvalArgs {
  /** Knowledge files for a batch test; none: the labelled Impella sets, as before. */
  kb: string[];
  queries?: string;
  /** Relevance grade the headline figures count from (2 is always shown as well). */
  grade: number;
}

/** `eval [--kb FILE]... [--queries FILE.jsonl] [--grade N]` */
export function parseEvalArgs(argv: string[]): EvalArgs {
  const args: EvalArgs = { kb: [], grade: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--kb') args.kb.push(value());
    else if (a === '--queries') args.queries = value();
    else if (a === '--grade') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 4) throw new Error('--grade needs 1, 2, 3 or 4');
      args.grade = n;
    } else if (a !== '--') throw new Error(`unknown argument ${a}`);
  }
  if (args.kb.length > 0 !== (args.queries !== undefined))
    throw new Error('a batch test needs both --kb FILE and --queries FILE.jsonl');
  return args;
}
