/**
 * Structured log lines on stderr. Field names that can carry secrets or personal data are redacted
 * here, once, so no call site has to remember.
 */
const REDACT = /pass(word)?|secret|token|key|mrz|name|birth|dob|document/i;

export type Level = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export function redact(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = REDACT.test(k) && k !== 'call' ? '[redacted]' : v;
  return out;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(scope = 'station', opts: { level?: Level; write?: (line: string) => void } = {}): Logger {
  const min = ORDER[opts.level ?? ((process.env.BORDERPOST_LOG_LEVEL as Level | undefined) ?? 'info')] ?? 20;
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    write(JSON.stringify({ t: new Date().toISOString(), level, scope, msg, ...redact(fields) }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (s) => createLogger(`${scope}.${s}`, { level: opts.level, write }),
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
