import { parseArgs, type ParseArgsConfig } from 'node:util';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  json(value: unknown): void;
  readStdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  json: boolean;
  dataDir: string;
}

export interface Command {
  /** Words that select the command, e.g. `['audit', 'verify']`. */
  path: string[];
  summary: string;
  usage: string;
  options: Options;
  /** Long-running commands (serve, simulators) resolve when they are told to stop. */
  run(args: Parsed, io: Io): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = { OK: 0, CHECK_FAILED: 1, USAGE: 2 } as const;

export class UsageError extends Error {}

export const COMMON_OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
};

export function parse(cmd: Command, argv: string[]): { values: Parsed['values']; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...cmd.options }, allowPositionals: true, strict: true });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function helpText(cmd: Command): string {
  const lines = [`borderpost ${cmd.path.join(' ')} — ${cmd.summary}`, '', `usage: borderpost ${cmd.path.join(' ')} ${cmd.usage}`.trimEnd(), '', 'options:'];
  const all = { ...cmd.options, ...COMMON_OPTIONS };
  for (const [name, o] of Object.entries(all)) {
    const desc = (o as { description?: string }).description ?? { help: 'show this help', json: 'print one JSON document on stdout', 'data-dir': 'station data directory (default: BORDERPOST_DATA_DIR or the OS convention)' }[name] ?? '';
    lines.push(`  --${name}${o.type === 'string' ? ' <value>' : ''}${o.multiple ? ' (repeatable)' : ''}`.padEnd(34) + desc);
  }
  return lines.join('\n');
}

/** Options may carry a description for --help; parseArgs ignores unknown keys. */
export function opt<T extends Options[string]>(o: T & { description: string }): T {
  return o;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
