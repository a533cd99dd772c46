/**
 * The station's passive-authentication trust store on disk, in `<data dir>/trust/`:
 *
 *   index.json                 what was imported, when, from which file (by SHA-256), with counts
 *   master-lists/<sha256>.ml   ICAO CSCA master lists, as imported (DER)
 *   cscas/<sha256>.der         CSCA and link certificates imported one by one (DER, also from PEM)
 *   crls/<sha256>.crl          CRLs (DER)
 *
 * Every stored object is named by its own SHA-256 and checked against it at load, so a file changed
 * behind the station's back is left out (and reported) rather than trusted. index.json decides which
 * passports the station believes, so a group- or world-writable index is refused, like the watch-list
 * trust keys. Changes happen under a lock file and the index is replaced atomically.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { withLockFile, writeFileAtomically } from '../../fs/atomic-file.js';
import { z } from 'zod';
import { TrustStore } from './trust-store.js';
import { detectTrustFile, type TrustFileKind, type TrustObjectKind } from './trust-store-file-kind.js';
import { formatName, isSelfSigned, nameAttribute, parseCertificate } from './x509.js';
import { ChipDataError } from './errors.js';
import { OID } from './oid.js';
import type { CheckStep } from './check-step.js';

export const TRUST_DIR = 'trust';
const INDEX = 'index.json';
const INDEX_FORMAT = 'borderpost-trust-index/1';
/** Far above any real master list (the ICAO list is 0.8 MB); stops a stray disk image being read. */
export const MAX_TRUST_FILE_BYTES = 32 * 1024 * 1024;
const MAX_FILES_PER_IMPORT = 10_000;
const MAX_DIR_DEPTH = 4;

const FOLDER: Readonly<Record<TrustObjectKind, { dir: string; ext: string }>> = {
  'master-list': { dir: 'master-lists', ext: 'ml' },
  certificate: { dir: 'cscas', ext: 'der' },
  crl: { dir: 'crls', ext: 'crl' },
};
const OBJECT_PATH = /^(master-lists\/[0-9a-f]{64}\.ml|cscas\/[0-9a-f]{64}\.der|crls\/[0-9a-f]{64}\.crl)$/;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const objectSchema = z.strictObject({ kind: z.enum(['master-list', 'certificate', 'crl']), path: z.string().regex(OBJECT_PATH), sha256: sha256Schema });
const entrySchema = z.strictObject({
  sha256: sha256Schema,
  file: z.string().max(1000),
  kind: z.enum(['master-list', 'certificate', 'crl', 'pem-bundle']),
  importedAt: z.iso.datetime(),
  added: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  objects: z.array(objectSchema),
});
const indexSchema = z.strictObject({ format: z.literal(INDEX_FORMAT), entries: z.array(entrySchema) });

export type TrustIndexEntry = z.infer<typeof entrySchema>;

export class TrustDirectoryError extends Error {
  constructor(
    readonly code: 'insecure' | 'malformed' | 'busy' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'TrustDirectoryError';
  }
}

export const trustDirPath = (dataDir: string): string => join(dataDir, TRUST_DIR);

export interface LoadedTrust {
  readonly store: TrustStore;
  readonly entries: readonly TrustIndexEntry[];
  /** Where each anchor came from, by the anchor's certificate SHA-256 (e.g. "master list ICAO.ml"). */
  readonly sources: ReadonlyMap<string, string>;
  /** Stored objects left out, and why (missing, changed since import). */
  readonly problems: readonly { readonly path: string; readonly reason: string }[];
}

function readIndex(dataDir: string): TrustIndexEntry[] {
  const path = join(trustDirPath(dataDir), INDEX);
  if (!existsSync(path)) return [];
  if (process.platform !== 'win32' && (statSync(path).mode & 0o022) !== 0) {
    throw new TrustDirectoryError('insecure', `${path} may be written by other users; it decides which passports this station trusts. Fix it with: chmod 600 ${path}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new TrustDirectoryError('malformed', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = indexSchema.safeParse(raw);
  if (!parsed.success) throw new TrustDirectoryError('malformed', `${path} is not a trust index: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? '?'}`);
  return parsed.data.entries;
}

const label = (e: TrustIndexEntry): string => `${e.kind === 'master-list' ? 'master list' : e.kind} ${e.file}`;

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/**
 * A certificate imported on its own must be a CA (a CSCA or a link certificate): a Document Signer
 * certificate made a trust anchor would be trusted without its CSCA. Unreadable certificates are left
 * to the TrustStore, which says why.
 */
function notACsca(der: Buffer): string | undefined {
  let cert;
  try {
    cert = parseCertificate(der);
  } catch (e) {
    if (e instanceof ChipDataError) return undefined;
    throw e;
  }
  if (cert.basicConstraints?.ca === true || cert.keyUsage?.keyCertSign === true) return undefined;
  return `${formatName(cert.subject)} is not a CA certificate (no cA basic constraint, no keyCertSign): a Document Signer certificate is never a trust anchor`;
}

/** Adds one stored object to a store and records the provenance of the anchors it brought. */
function addObject(store: TrustStore, sources: Map<string, string>, kind: TrustObjectKind, der: Buffer, source: string, at: Date) {
  const before = store.size;
  if (kind === 'master-list') {
    const r = store.addMasterList(der, { at });
    for (const a of store.all().slice(before)) sources.set(a.sha256, source);
    return { added: r.added, skipped: r.skipped, signature: r.signature };
  }
  const notCa = kind === 'certificate' ? notACsca(der) : undefined;
  if (notCa) return { added: 0, skipped: [{ index: 0, reason: notCa }], signature: undefined };
  const r = kind === 'certificate' ? store.addCertificate(der, source) : store.addCrl(der);
  if (r.added && kind === 'certificate') sources.set(r.sha256, source);
  return { added: r.added ? 1 : 0, skipped: r.added ? [] : [{ index: 0, reason: r.reason }], signature: undefined };
}

/**
 * Loads `<data dir>/trust/` into a fresh in-memory TrustStore: what the station does at startup.
 * An absent directory is an empty store. Throws TrustDirectoryError only for an insecure or
 * unreadable index; a damaged object is left out and listed in `problems`.
 */
export function loadTrustDirectory(dataDir: string, options: { at?: Date } = {}): LoadedTrust {
  const entries = readIndex(dataDir);
  const store = new TrustStore();
  const sources = new Map<string, string>();
  const problems: { path: string; reason: string }[] = [];
  const at = options.at ?? new Date();
  for (const entry of entries) {
    for (const obj of entry.objects) {
      const full = join(trustDirPath(dataDir), obj.path);
      let der: Buffer;
      try {
        der = readFileSync(full);
      } catch (e) {
        problems.push({ path: obj.path, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); imported from ${entry.file} on ${entry.importedAt}` });
        continue;
      }
      if (sha256(der) !== obj.sha256) {
        problems.push({ path: obj.path, reason: `changed since it was imported from ${entry.file} on ${entry.importedAt}; not trusted` });
        continue;
      }
      try {
        addObject(store, sources, obj.kind, der, label(entry), at);
      } catch (e) {
        problems.push({ path: obj.path, reason: `cannot be loaded: ${(e as Error).message}` });
      }
    }
  }
  return { store, entries, sources, problems };
}

// ---------------------------------------------------------------------------------------------
// Import

export interface TrustImportResult {
  /** The file as given (inside a directory: the directory path joined with its relative name). */
  readonly file: string;
  readonly sha256: string;
  readonly kind: TrustFileKind;
  readonly added: number;
  readonly skipped: readonly { readonly index: number; readonly reason: string }[];
  /** When the same bytes were imported before. */
  readonly previouslyImportedAt: string | undefined;
  /** For a master list: the checks of its own CMS signature (reported, not required). */
  readonly masterListSignature: readonly CheckStep[] | undefined;
}

export interface TrustImportRefusal {
  readonly file: string;
  readonly code: string;
  readonly reason: string;
}

export interface TrustImportReport {
  readonly imported: readonly TrustImportResult[];
  readonly refused: readonly TrustImportRefusal[];
}

/** Files to import: the file itself, or the regular files under a directory (sorted, no dot files). */
function collect(path: string, refused: TrustImportRefusal[]): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new TrustDirectoryError('unreadable', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  if (!st.isDirectory()) return [path];
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(dir, name);
      const l = lstatSync(full);
      if (l.isSymbolicLink()) {
        refused.push({ file: full, code: 'symlink', reason: 'symbolic links are not followed' });
      } else if (l.isDirectory()) {
        if (depth < MAX_DIR_DEPTH) walk(full, depth + 1);
        else refused.push({ file: full, code: 'too_deep', reason: `more than ${MAX_DIR_DEPTH} folder levels down; import that folder on its own` });
      } else if (l.isFile()) {
        if (files.length >= MAX_FILES_PER_IMPORT) throw new TrustDirectoryError('unreadable', `${path} holds more than ${MAX_FILES_PER_IMPORT} files; import it in parts`);
        files.push(full);
      }
    }
  };
  walk(path, 1);
  return files;
}

function withLock<T>(dataDir: string, f: () => T): T {
  const dir = trustDirPath(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = join(dir, `${INDEX}.lock`);
  return withLockFile(lock, () => new TrustDirectoryError('busy', `another change to the trust store is in progress (${lock} exists; delete it if no borderpost command is running)`), f);
}

/** The old file or the new one, never half (creates the trust directory first). */
function writeAtomically(path: string, data: Buffer | string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomically(path, data);
}

/**
 * Imports a file or a directory of files into `<data dir>/trust/`. Each file is classified (master
 * list, certificate, CRL, PEM) or refused with a reason; each object in it is added or skipped with a
 * reason (duplicate, unreadable, self-signature does not verify, …). Only files that added something
 * are stored and indexed, so importing the same list twice changes nothing.
 */
export function importTrustMaterial(dataDir: string, path: string, options: { now?: Date } = {}): TrustImportReport {
  const now = options.now ?? new Date();
  const refused: TrustImportRefusal[] = [];
  const files = collect(path, refused);
  return withLock(dataDir, () => {
    const loaded = loadTrustDirectory(dataDir, { at: now });
    const entries = [...loaded.entries];
    const sources = new Map(loaded.sources);
    const imported: TrustImportResult[] = [];
    for (const file of files) {
      let bytes: Buffer;
      try {
        const size = statSync(file).size;
        if (size > MAX_TRUST_FILE_BYTES) {
          refused.push({ file, code: 'too_large', reason: `${size} bytes is more than any trust file (limit ${MAX_TRUST_FILE_BYTES})` });
          continue;
        }
        bytes = readFileSync(file);
      } catch (e) {
        refused.push({ file, code: 'unreadable', reason: `cannot be read: ${(e as Error).message}` });
        continue;
      }
      const detected = detectTrustFile(bytes);
      if (!detected.ok) {
        refused.push({ file, code: detected.code, reason: detected.reason });
        continue;
      }
      const fileSha = sha256(bytes);
      const previous = entries.find((e) => e.sha256 === fileSha);
      const source = `${detected.kind === 'master-list' ? 'master list' : detected.kind} ${basename(file)}`;
      const skipped = [...detected.ignored];
      const stored: TrustIndexEntry['objects'] = [];
      let added = 0;
      let signature: readonly CheckStep[] | undefined;
      for (const obj of detected.objects) {
        const r = addObject(loaded.store, sources, obj.kind, obj.der, source, now);
        added += r.added;
        if (obj.kind === 'master-list') {
          skipped.push(...r.skipped);
          signature = r.signature;
        } else {
          skipped.push(...r.skipped.map((s) => ({ index: obj.index, reason: s.reason })));
        }
        if (r.added > 0) {
          const objSha = sha256(obj.der);
          const where = `${FOLDER[obj.kind].dir}/${objSha}.${FOLDER[obj.kind].ext}`;
          writeAtomically(join(trustDirPath(dataDir), where), obj.der);
          stored.push({ kind: obj.kind, path: where, sha256: objSha });
        }
      }
      skipped.sort((a, b) => a.index - b.index);
      if (stored.length > 0) {
        entries.push({ sha256: fileSha, file: basename(file), kind: detected.kind, importedAt: now.toISOString(), added, skipped: skipped.length, objects: stored });
        writeAtomically(join(trustDirPath(dataDir), INDEX), `${JSON.stringify({ format: INDEX_FORMAT, entries }, null, 2)}\n`);
      }
      imported.push({ file, sha256: fileSha, kind: detected.kind, added, skipped, previouslyImportedAt: previous?.importedAt, masterListSignature: signature });
    }
    return { imported, refused };
  });
}

// ---------------------------------------------------------------------------------------------
// Listing

export interface CscaRow {
  /** The subject's country (C=), upper case; '??' when the subject names none. */
  readonly country: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Subject key identifier, upper-case hex; null when the certificate has none. */
  readonly keyId: string | null;
  /** A link certificate (CSCA key roll-over: the new key certified by the old one) rather than self-signed. */
  readonly link: boolean;
  readonly source: string;
}

export interface CrlRow {
  readonly issuer: string;
  readonly thisUpdate: string;
  readonly nextUpdate: string | null;
  readonly entries: number;
}

/** The trust store as rows, CSCAs sorted by country then validity start. */
export function describeTrust(loaded: LoadedTrust): { cscas: CscaRow[]; crls: CrlRow[] } {
  const cscas = loaded.store
    .all()
    .map((a) => ({
      country: (nameAttribute(a.certificate.subject, OID.countryName) ?? '??').toUpperCase(),
      subject: formatName(a.certificate.subject),
      notBefore: a.certificate.notBefore.toISOString(),
      notAfter: a.certificate.notAfter.toISOString(),
      keyId: a.certificate.subjectKeyIdentifier?.toString('hex').toUpperCase() ?? null,
      link: !isSelfSigned(a.certificate),
      source: loaded.sources.get(a.sha256) ?? a.source,
    }))
    .sort((x, y) => x.country.localeCompare(y.country) || x.notBefore.localeCompare(y.notBefore) || x.subject.localeCompare(y.subject));
  const crls = loaded.store.crls.map((c) => ({
    issuer: formatName(c.issuer),
    thisUpdate: c.thisUpdate.toISOString(),
    nextUpdate: c.nextUpdate?.toISOString() ?? null,
    entries: c.revoked.length,
  }));
  return { cscas, crls };
}
