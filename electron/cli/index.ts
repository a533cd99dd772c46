/**
 * `borderpost` — the command line for technicians and operators. Every command has --help and
 * --json. Exit codes: 0 success, 1 a check failed, 2 unusable input or usage.
 */
import { defaultDataDir } from '../station/config.js';
import { EXIT, helpText, parse, UsageError, type Command, type Io } from './command.js';
import { COMMANDS } from './commands/index.js';

export function findCommand(argv: string[]): { cmd: Command; rest: string[] } | null {
  let best: { cmd: Command; rest: string[] } | null = null;
  for (const cmd of COMMANDS) {
    if (cmd.path.every((w, i) => argv[i] === w) && (!best || cmd.path.length > best.cmd.path.length)) {
      best = { cmd, rest: argv.slice(cmd.path.length) };
    }
  }
  return best;
}

export function overview(): string {
  const rows = COMMANDS.map((c) => `  ${c.path.join(' ').padEnd(30)}${c.summary}`);
  return ['borderpost — border crossing workstation', '', 'usage: borderpost <command> [options]', '', 'commands:', ...rows, '', 'Every command takes --help and --json.'].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    const wantsHelp = argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help';
    if (argv.includes('--json') && wantsHelp) io.json({ commands: COMMANDS.map((c) => ({ command: c.path.join(' '), summary: c.summary, usage: c.usage })) });
    else (wantsHelp ? io.out : io.err)(wantsHelp ? overview() : `unknown command: ${argv.join(' ')}\n\n${overview()}`);
    return wantsHelp ? EXIT.OK : EXIT.USAGE;
  }
  const { cmd, rest } = found;
  try {
    const { values, positionals } = parse(cmd, rest);
    if (values.help) {
      if (values.json) io.json({ command: cmd.path.join(' '), summary: cmd.summary, usage: cmd.usage, options: Object.keys(cmd.options) });
      else io.out(helpText(cmd));
      return EXIT.OK;
    }
    const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir(io.env);
    return await cmd.run({ values, positionals, json: values.json === true, dataDir }, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${helpText(cmd)}`);
      return EXIT.USAGE;
    }
    const message = (e as Error).message ?? String(e);
    if (argv.includes('--json')) io.json({ error: message });
    else io.err(`error: ${message}`);
    return EXIT.USAGE;
  }
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
  json: (v) => process.stdout.write(JSON.stringify(v, null, 2) + '\n'),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  env: process.env,
};
