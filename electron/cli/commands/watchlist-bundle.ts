/**
 * Watch-list bundles on the command line: publishers create and sign them (and make key pairs);
 * technicians verify a bundle against the station's trust keys, import it into the documents or
 * persons list, and manage those keys. Trust key changes and imports are written to the station
 * audit log: they decide which lists the booth believes.
 *
 * A delta is created from a file of rows that carry `_op` (`--input`), or from two plain list
 * files, the rows to add or replace (`--upserts`) and the rows to remove (`--removals`, key fields
 * only): watchlist-bundle-delta.ts writes those as one delta payload.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import {
  addTrustedKey,
  BundleError,
  createBundle,
  keyIdOf,
  LIST_KINDS,
  rawEd25519PublicKey,
  loadTrustStore,
  readBundleHeader,
  revokeTrustedKey,
  TrustStoreError,
  verifyBundle,
  type BundleHeader,
  type ListKind,
  type TrustedKey,
} from '../../station/watchlists/bundles/index.js';
import { openStationStore } from '../../station/station.js';
import { applyBundle } from '../../station/watchlists/bundles/apply.js';
import type { ApplyResult } from '../../station/watchlists/bundles/apply.js';
import { DEFAULT_KEY_FIELDS } from '../../station/watchlists/bundles/bundle.js';
import { DocumentListTarget } from '../../station/watchlists/documents/document-list-target.js';
import { PersonListTarget } from '../../station/watchlists/persons/person-list-target.js';
import { EXIT, opt, str, UsageError, type Command, type Io, type Parsed } from '../command.js';
import { deltaEncoding, deltaPayload, type DeltaFiles } from './watchlist-bundle-delta.js';
import { listKey } from './watchlist-persons.js';

function integer(name: string, v: unknown, min: number): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s)) || Number(s) < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got ${s}`);
  return Number(s);
}

function kindOf(v: unknown): ListKind {
  const s = str(v);
  if (!s) throw new UsageError(`--kind is required: ${LIST_KINDS.join(' or ')}`);
  if (!(LIST_KINDS as readonly string[]).includes(s)) throw new UsageError(`--kind must be ${LIST_KINDS.join(' or ')}, got ${s}`);
  return s as ListKind;
}

function kindsOf(v: unknown): ListKind[] | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const kinds = s.split(',').map((k) => k.trim());
  for (const k of kinds) if (!(LIST_KINDS as readonly string[]).includes(k)) throw new UsageError(`--kinds takes ${LIST_KINDS.join(',')}; "${k}" is not a list kind`);
  return kinds as ListKind[];
}

function required(args: Parsed, name: string): string {
  const v = str(args.values[name]);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** Prints a refusal as text or JSON and returns its exit code. */
function refuse(io: Io, args: Parsed, exit: number, error: { code: string; message: string }, extra: Record<string, unknown> = {}): number {
  if (args.json) io.json({ ok: false, ...extra, error });
  else io.err(`${error.code}: ${error.message}`);
  return exit;
}

function audit(args: Parsed, action: string, subject: string, details: Record<string, unknown>): void {
  const store = openStationStore({ dataDir: args.dataDir });
  try {
    store.audit.append({ actor: null, action, subject, details: { ...details, via: 'cli' } });
  } finally {
    store.db.close();
  }
}

function describeHeader(h: BundleHeader): string[] {
  return [
    `  list:       ${h.kind} "${h.listId}"`,
    `  type:       ${h.type === 'full' ? 'full list' : `delta from version ${h.baseVersion}`}`,
    `  version:    ${h.version}`,
    `  created:    ${h.createdAt}`,
    `  expires:    ${h.expiresAt}`,
    `  rows:       ${h.payload.records} (${h.payload.format}${h.payload.compression === 'gzip' ? ', gzip' : ''}, key ${h.keyFields.join('+')})`,
    `  signed by:  key ${h.keyId}`,
  ];
}

/** Opens the file only when createBundle starts reading, so an early refusal leaves no stream open. */
async function* lazyRead(path: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
}

const ENCODINGS: Record<string, 'csv' | 'jsonl'> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

function encodingOf(option: string, path: string): 'csv' | 'jsonl' {
  const encoding = ENCODINGS[extname(path).toLowerCase()];
  if (!encoding) throw new UsageError(`--${option} must end in .csv, .jsonl or .ndjson: ${path}`);
  if (!existsSync(path)) throw new UsageError(`cannot read the ${option} ${path}: no such file`);
  return encoding;
}

export const watchlistBundleCreate: Command = {
  path: ['watchlist', 'bundle', 'create'],
  summary: 'sign a watch-list (CSV or JSON lines) into a full or delta bundle for stations',
  usage: [
    '--kind documents|persons --list-id <id> --version <n> --expires <ISO date> --key <ed25519-private.pem> --out <file.bpwl>',
    '         (full)  --input <list.csv|.jsonl>',
    '         (delta) --delta --base-version <n> --input <changes with an _op column>',
    '         (delta) --delta --base-version <n> [--upserts <rows.csv|.jsonl>] [--removals <keys.csv|.jsonl>]',
  ].join('\n'),
  options: {
    kind: opt({ type: 'string', description: 'documents | persons' }),
    'list-id': opt({ type: 'string', description: 'e.g. interpol-sltd, national-alerts' }),
    input: opt({ type: 'string', description: 'rows: .csv (header line first) or .jsonl; in a delta each row has _op (upsert|remove)' }),
    upserts: opt({ type: 'string', description: 'with --delta: rows to add or replace, a plain list file (no _op)' }),
    removals: opt({ type: 'string', description: 'with --delta: rows to remove; only their key fields are read' }),
    version: opt({ type: 'string', description: 'the list version this bundle installs (above every earlier one)' }),
    delta: opt({ type: 'boolean', description: 'a delta (changes only) instead of a full list' }),
    'base-version': opt({ type: 'string', description: 'with --delta: the version the station must hold' }),
    expires: opt({ type: 'string', description: 'ISO date or time after which stations refuse the bundle (a date alone is 00:00 UTC)' }),
    key: opt({ type: 'string', description: 'the publisher Ed25519 private key (PEM)' }),
    out: opt({ type: 'string', description: 'the bundle file to write (never overwritten)' }),
    'key-fields': opt({ type: 'string', description: 'comma-separated fields that identify a row (default per kind)' }),
    compression: opt({ type: 'string', description: 'gzip (default) | none' }),
  },
  async run(args, io) {
    const kind = kindOf(args.values.kind);
    const listId = required(args, 'list-id');
    const upserts = str(args.values.upserts);
    const removals = str(args.values.removals);
    const split = upserts !== undefined || removals !== undefined;
    const input = split ? str(args.values.input) : required(args, 'input');
    const version = integer('version', args.values.version, 1);
    if (version === undefined) throw new UsageError('--version is required');
    const delta = args.values.delta === true;
    const baseVersion = integer('base-version', args.values['base-version'], 1);
    if (delta && baseVersion === undefined) throw new UsageError('--delta needs --base-version (the version the station must hold)');
    if (!delta && baseVersion !== undefined) throw new UsageError('--base-version is for deltas: add --delta');
    if (split && !delta) throw new UsageError('--upserts and --removals make a delta: add --delta --base-version <n>');
    if (split && input !== undefined) throw new UsageError('give either --input (rows with an _op field) or --upserts/--removals, not both');
    const expiresText = required(args, 'expires');
    const expires = new Date(expiresText);
    if (Number.isNaN(expires.getTime())) throw new UsageError(`--expires is not an ISO date: ${expiresText}`);
    const compression = str(args.values.compression) ?? 'gzip';
    if (compression !== 'gzip' && compression !== 'none') throw new UsageError('--compression is gzip or none');
    const keyFields = str(args.values['key-fields'])
      ?.split(',')
      .map((f) => f.trim());
    let encoding: 'csv' | 'jsonl';
    let payload: AsyncIterable<Buffer | string>;
    if (input !== undefined) {
      encoding = encodingOf('input', input);
      payload = lazyRead(input);
    } else {
      const files: DeltaFiles = {
        ...(upserts !== undefined ? { upserts: { path: upserts, encoding: encodingOf('upserts', upserts) } } : {}),
        ...(removals !== undefined ? { removals: { path: removals, encoding: encodingOf('removals', removals) } } : {}),
        keyFields: keyFields ?? DEFAULT_KEY_FIELDS[kind],
      };
      encoding = deltaEncoding(files);
      payload = deltaPayload(files);
    }
    const keyPem = readText(required(args, 'key'), 'private key');
    const out = resolve(required(args, 'out'));
    try {
      const b = await createBundle({ kind, listId, type: delta ? 'delta' : 'full', version, baseVersion: baseVersion ?? null, expiresAt: expires, keyFields, payload, encoding, compression, out }, keyPem);
      if (args.json) io.json({ ok: true, path: b.path, bundleId: b.bundleId, fileBytes: b.fileBytes, header: b.header });
      else io.out([`wrote ${b.path} (${b.fileBytes} bytes)`, ...describeHeader(b.header)].join('\n'));
      return EXIT.OK;
    } catch (e) {
      if (e instanceof BundleError) return refuse(io, args, EXIT.USAGE, { code: e.code, message: e.message });
      throw e;
    }
  },
};

export const watchlistBundleVerify: Command = {
  path: ['watchlist', 'bundle', 'verify'],
  summary: 'check a watch-list bundle against this station\u2019s trust keys',
  usage: '<file.bpwl> [--current-version <n>]',
  options: {
    'current-version': opt({ type: 'string', description: 'the version the station holds (0: none), to check version continuity; default: not checked' }),
  },
  async run(args, io) {
    const path = args.positionals[0];
    if (!path) throw new UsageError('give the bundle file');
    const current = integer('current-version', args.values['current-version'], 0);
    let trust;
    try {
      trust = loadTrustStore(args.dataDir);
    } catch (e) {
      if (e instanceof TrustStoreError) return refuse(io, args, EXIT.USAGE, { code: `TRUST_${e.code}`, message: e.message });
      throw e;
    }
    const header = await readBundleHeader(path).then(
      (s) => s.header,
      () => null,
    );
    try {
      const v = await verifyBundle(path, trust, current === undefined ? 'unknown' : current === 0 ? null : { version: current }, new Date());
      const versionCheck = current === undefined ? 'skipped' : 'checked';
      if (args.json) io.json({ ok: true, verdict: 'accepted', bundleId: v.bundleId, header: v.header, key: { keyId: v.header.keyId, label: v.keyLabel }, versionCheck, warnings: v.warnings });
      else {
        io.out(
          [
            `ACCEPTED: ${path}`,
            ...describeHeader(v.header).map((l) => (l.startsWith('  signed by:') && v.keyLabel ? `${l} (${v.keyLabel})` : l)),
            `  version continuity: ${versionCheck === 'skipped' ? 'not checked (pass --current-version)' : 'checked'}`,
            ...v.warnings.map((w) => `  warning: ${w}`),
          ].join('\n'),
        );
      }
      return EXIT.OK;
    } catch (e) {
      if (!(e instanceof BundleError)) throw e;
      const exit = e.code === 'UNREADABLE' ? EXIT.USAGE : EXIT.CHECK_FAILED;
      if (args.json) io.json({ ok: false, verdict: 'refused', header, error: { code: e.code, message: e.message } });
      else io.out([`REFUSED (${e.code}): ${e.message}`, ...(header ? ['', 'header (as read, not trusted):', ...describeHeader(header)] : [])].join('\n'));
      return exit;
    }
  },
};

/** What an import changed, for the technician. */
function describeImport(r: ApplyResult): string[] {
  const c = r.change;
  const lines = [
    `imported ${r.kind} list "${r.listId}" version ${r.version} (${r.type === 'full' ? 'full list' : `delta from version ${r.previousVersion}`}, ${r.records} rows), signed by key ${r.keyId}; in force now`,
  ];
  if (c) {
    lines.push(`  records:   ${c.records}${c.previousRecords === null ? '' : ` (before: ${c.previousRecords})`}`);
    if (c.delta) lines.push(`  changes:   ${c.delta.added} added, ${c.delta.replaced} replaced, ${c.delta.removed} removed${c.delta.notFound ? `, ${c.delta.notFound} removal(s) of a key the list does not hold` : ''}`);
  }
  lines.push(`  expires:   ${r.expiresAt}`);
  for (const w of r.warnings) lines.push(`  warning:   ${w}`);
  return lines;
}

export const watchlistBundleImport: Command = {
  path: ['watchlist', 'bundle', 'import'],
  summary: 'verify a signed watch-list bundle (documents or persons, full or delta) and make it the list in force',
  usage: '<file.bpwl>   (the list kind and type are read from the bundle; the person list is encrypted with the station key)',
  options: {},
  async run(args, io) {
    const path = args.positionals[0];
    if (!path) throw new UsageError('give the bundle file');
    const header = await readBundleHeader(path).then(
      (s) => s.header,
      () => null,
    );
    const trust = loadTrustStore(args.dataDir);
    // An unreadable header is refused by applyBundle with its reason, whatever the target.
    const target = header?.kind === 'persons' ? new PersonListTarget({ dataDir: args.dataDir, key: listKey(args.dataDir, io.env, true) }) : new DocumentListTarget(args.dataDir);
    try {
      const r = await applyBundle(resolve(path), target, { trust });
      const store = openStationStore({ dataDir: args.dataDir });
      try {
        store.audit.append({
          actor: null,
          action: 'watchlist.bundle_import',
          subject: r.listId,
          details: { kind: r.kind, type: r.type, version: r.version, previousVersion: r.previousVersion, records: r.records, keyId: r.keyId, bundleId: r.bundleId, change: r.change ? { records: r.change.records, ...r.change.delta } : null },
        });
      } finally {
        store.db.close();
      }
      if (args.json) io.json({ ok: true, ...r });
      else io.out(describeImport(r).join('\n'));
      return EXIT.OK;
    } catch (e) {
      if (!(e instanceof BundleError)) throw e;
      if (args.json) io.json({ ok: false, error: { code: e.code, message: e.message } });
      else io.out(`REFUSED (${e.code}): ${e.message}`);
      return e.code === 'UNREADABLE' ? EXIT.USAGE : EXIT.CHECK_FAILED;
    }
  },
};

function keyRow(k: TrustedKey): Record<string, unknown> {
  return { ...k, status: k.revokedAt ? 'revoked' : 'trusted' };
}

export const watchlistTrustKeyAdd: Command = {
  path: ['watchlist', 'trust-key', 'add'],
  summary: 'trust a publisher key for watch-list bundles',
  usage: '<public-key.pem | file with a base64 raw key> [--kinds documents,persons] [--label <text>]',
  options: {
    kinds: opt({ type: 'string', description: 'list kinds the key may publish (default: documents,persons)' }),
    label: opt({ type: 'string', description: 'who the key belongs to, e.g. "HQ watch-lists 2026"' }),
  },
  async run(args, io) {
    const file = args.positionals[0];
    if (!file) throw new UsageError('give the public key file');
    const kinds = kindsOf(args.values.kinds);
    try {
      const k = addTrustedKey(args.dataDir, readText(file, 'public key'), { kinds, label: str(args.values.label) });
      audit(args, 'watchlist.trust_key.add', k.keyId, { kinds: k.kinds, label: k.label });
      if (args.json) io.json({ ok: true, key: keyRow(k) });
      else io.out(`trusting key ${k.keyId} for ${k.kinds.join(' and ')} lists${k.label ? ` (${k.label})` : ''}`);
      return EXIT.OK;
    } catch (e) {
      if (e instanceof TrustStoreError) return refuse(io, args, EXIT.USAGE, { code: e.code, message: e.message });
      throw e;
    }
  },
};

export const watchlistTrustKeyList: Command = {
  path: ['watchlist', 'trust-key', 'list'],
  summary: 'list the publisher keys this station trusts (and revoked ones)',
  usage: '',
  options: {},
  async run(args, io) {
    try {
      const keys = loadTrustStore(args.dataDir).list();
      if (args.json) io.json({ keys: keys.map(keyRow) });
      else if (keys.length === 0) io.out('no trusted watch-list keys: add one with "borderpost watchlist trust-key add <public-key.pem>"');
      else {
        io.out(
          keys
            .map((k) => `${k.keyId}  ${(k.revokedAt ? `REVOKED ${k.revokedAt}` : 'trusted').padEnd(33)}${k.kinds.join(',').padEnd(18)}${k.label}${k.revokedReason ? ` (revoked: ${k.revokedReason})` : ''}`)
            .join('\n'),
        );
      }
      return EXIT.OK;
    } catch (e) {
      if (e instanceof TrustStoreError) return refuse(io, args, EXIT.USAGE, { code: e.code, message: e.message });
      throw e;
    }
  },
};

export const watchlistTrustKeyRevoke: Command = {
  path: ['watchlist', 'trust-key', 'revoke'],
  summary: 'revoke a publisher key: every bundle it signed is refused from now on',
  usage: '<key-id> [--reason <text>]',
  options: {
    reason: opt({ type: 'string', description: 'why, for the audit log (e.g. "key leaked")' }),
  },
  async run(args, io) {
    const keyId = args.positionals[0];
    if (!keyId) throw new UsageError('give the key id (see "borderpost watchlist trust-key list")');
    try {
      const k = revokeTrustedKey(args.dataDir, keyId, { reason: str(args.values.reason) });
      audit(args, 'watchlist.trust_key.revoke', k.keyId, { reason: k.revokedReason });
      if (args.json) io.json({ ok: true, key: keyRow(k) });
      else io.out(`revoked key ${k.keyId}: bundles it signed are refused from now on`);
      return EXIT.OK;
    } catch (e) {
      if (e instanceof TrustStoreError) return refuse(io, args, EXIT.USAGE, { code: e.code, message: e.message });
      throw e;
    }
  },
};

export const watchlistKeygen: Command = {
  path: ['watchlist', 'keygen'],
  summary: 'make an Ed25519 key pair for signing watch-list bundles',
  usage: '--out <prefix>   (writes <prefix>.private.pem, mode 0600, and <prefix>.public.pem)',
  options: {
    out: opt({ type: 'string', description: 'path prefix of the two PEM files' }),
  },
  async run(args, io) {
    const prefix = resolve(required(args, 'out'));
    const privatePath = `${prefix}.private.pem`;
    const publicPath = `${prefix}.public.pem`;
    for (const p of [privatePath, publicPath]) if (existsSync(p)) throw new UsageError(`${p} already exists; a key is never overwritten`);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = rawEd25519PublicKey(publicKey);
    writeFileSync(privatePath, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    try {
      writeFileSync(publicPath, publicKey.export({ format: 'pem', type: 'spki' }), { mode: 0o644, flag: 'wx' });
    } catch (e) {
      rmSync(privatePath, { force: true });
      throw e;
    }
    const keyId = keyIdOf(raw);
    if (args.json) io.json({ ok: true, keyId, privateKey: privatePath, publicKey: publicPath, publicKeyBase64: raw.toString('base64') });
    else io.out([`key ${keyId}`, `  private: ${privatePath} (mode 0600: keep it off stations)`, `  public:  ${publicPath} (give to stations: borderpost watchlist trust-key add ${publicPath})`].join('\n'));
    return EXIT.OK;
  },
};

export const WATCHLIST_BUNDLE_COMMANDS: Command[] = [watchlistBundleCreate, watchlistBundleVerify, watchlistBundleImport, watchlistTrustKeyAdd, watchlistTrustKeyList, watchlistTrustKeyRevoke, watchlistKeygen];
