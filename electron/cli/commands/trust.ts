/**
 * The passive-authentication trust store on the command line: technicians import ICAO CSCA master
 * lists, CSCA certificates and CRLs into the station's `trust/` folder and list what it holds. An
 * import changes which passports the booth believes, so it is written to the station audit log.
 */
import {
  describeTrust,
  importTrustMaterial,
  loadTrustDirectory,
  TrustDirectoryError,
  type CscaRow,
  type TrustImportResult,
} from '../../station/documents/chip/trust-store-file.js';
import { openStationStore } from '../../station/station.js';
import { EXIT, opt, str, UsageError, type Command, type Io, type Parsed } from '../command.js';

/** TrustStore's wording for an object it already holds (trust-store.ts addCertificate / addCrl). */
const ALREADY_PRESENT = /^already in the trust store/;

function refuse(io: Io, args: Parsed, error: { code: string; message: string }): number {
  if (args.json) io.json({ ok: false, error });
  else io.err(`${error.code}: ${error.message}`);
  return EXIT.USAGE;
}

const alreadyPresent = (r: TrustImportResult): number => r.skipped.filter((s) => ALREADY_PRESENT.test(s.reason)).length;

const MAX_SKIPPED_LINES = 10;

function describeImport(r: TrustImportResult): string[] {
  const kind = r.kind === 'master-list' ? 'master list' : r.kind;
  const lines = [`${r.file}: ${kind}, ${r.added} added, ${r.skipped.length} skipped${r.previouslyImportedAt ? ` (the same file was imported on ${r.previouslyImportedAt})` : ''}`];
  const failed = r.masterListSignature?.filter((s) => s.status !== 'pass') ?? [];
  if (r.masterListSignature) {
    lines.push(failed.length === 0 ? '  list signature: verifies (signer and issuer are carried by the list itself)' : `  list signature: ${failed.map((s) => `${s.id} ${s.status}: ${s.detail}`).join('; ')}`);
  }
  const present = alreadyPresent(r);
  const other = r.skipped.filter((s) => !ALREADY_PRESENT.test(s.reason));
  if (present > 0) lines.push(`  ${present} already in the trust store`);
  for (const s of other.slice(0, MAX_SKIPPED_LINES)) lines.push(`  skipped #${s.index}: ${s.reason}`);
  if (other.length > MAX_SKIPPED_LINES) lines.push(`  … and ${other.length - MAX_SKIPPED_LINES} more (see --json)`);
  return lines;
}

export const trustImport: Command = {
  path: ['trust', 'import'],
  summary: 'import CSCA master lists, CSCA certificates and CRLs for passive authentication',
  usage: '<file | directory>',
  options: {},
  async run(args, io) {
    const target = args.positionals[0];
    if (!target) throw new UsageError('give a master list, certificate or CRL file (DER or PEM), or a directory of them');
    if (args.positionals.length > 1) throw new UsageError('give one file or directory per import');
    let report;
    try {
      report = importTrustMaterial(args.dataDir, target);
    } catch (e) {
      if (e instanceof TrustDirectoryError) return refuse(io, args, { code: e.code, message: e.message });
      throw e;
    }
    const changed = report.imported.filter((r) => r.added > 0);
    if (changed.length > 0) {
      const store = openStationStore({ dataDir: args.dataDir });
      try {
        for (const r of changed) {
          store.audit.append({ actor: null, action: 'trust.import', subject: r.sha256, details: { file: r.file, kind: r.kind, added: r.added, skipped: r.skipped.length, via: 'cli' } });
        }
      } finally {
        store.db.close();
      }
    }
    const usable = report.imported.some((r) => r.added > 0 || alreadyPresent(r) > 0);
    if (args.json) {
      io.json({
        imported: report.imported.map((r) => ({
          file: r.file,
          kind: r.kind,
          added: r.added,
          skipped: r.skipped,
          sha256: r.sha256,
          ...(r.previouslyImportedAt ? { previouslyImportedAt: r.previouslyImportedAt } : {}),
          ...(r.masterListSignature ? { masterListSignature: r.masterListSignature } : {}),
        })),
        refused: report.refused,
      });
    } else {
      const lines = report.imported.flatMap(describeImport);
      for (const r of report.refused) lines.push(`refused ${r.file}: ${r.reason}`);
      if (!usable) lines.push('nothing usable was found: the trust store is unchanged');
      if (lines.length > 0) io.out(lines.join('\n'));
    }
    return usable ? EXIT.OK : EXIT.CHECK_FAILED;
  },
};

function table(cscas: readonly CscaRow[], crls: ReturnType<typeof describeTrust>['crls']): string {
  const countries = new Map<string, CscaRow[]>();
  for (const c of cscas) countries.set(c.country, [...(countries.get(c.country) ?? []), c]);
  const sources = [...new Set(cscas.map((c) => c.source))];
  const lines = [`${cscas.length} CSCA certificate${cscas.length === 1 ? '' : 's'} from ${countries.size} countr${countries.size === 1 ? 'y' : 'ies'}; ${crls.length} CRL${crls.length === 1 ? '' : 's'}`];
  if (sources.length === 1) lines.push(`source: ${sources[0]}`);
  for (const [country, rows] of countries) {
    lines.push('', `${country}  (${rows.length})`);
    for (const r of rows) {
      const cn = /(?:^|, )CN=([^,]+)/.exec(r.subject)?.[1] ?? r.subject;
      const key = (r.keyId ?? '-').slice(0, 16).padEnd(16);
      lines.push(`  ${r.notBefore.slice(0, 10)} … ${r.notAfter.slice(0, 10)}  ${key}  ${r.link ? 'link ' : '     '} ${cn}${sources.length > 1 ? `  [${r.source}]` : ''}`);
    }
  }
  if (crls.length > 0) {
    lines.push('', 'CRLs');
    for (const c of crls) lines.push(`  ${c.thisUpdate.slice(0, 10)} next ${c.nextUpdate?.slice(0, 10) ?? '-'}  ${String(c.entries).padStart(5)} revoked  ${c.issuer}`);
  }
  return lines.join('\n');
}

export const trustList: Command = {
  path: ['trust', 'list'],
  summary: 'list the CSCA certificates and CRLs this station trusts',
  usage: '[--country <code>]',
  options: {
    country: opt({ type: 'string', description: 'only CSCAs whose subject names this country (e.g. DE)' }),
  },
  async run(args, io) {
    const country = str(args.values.country)?.toUpperCase();
    if (country !== undefined && !/^[A-Z]{2,3}$/.test(country)) throw new UsageError(`--country takes a two- or three-letter code, got ${args.values.country as string}`);
    let listed;
    let problems;
    try {
      const loaded = loadTrustDirectory(args.dataDir);
      listed = describeTrust(loaded);
      problems = loaded.problems;
    } catch (e) {
      if (e instanceof TrustDirectoryError) return refuse(io, args, { code: e.code, message: e.message });
      throw e;
    }
    const cscas = country ? listed.cscas.filter((c) => c.country === country) : listed.cscas;
    if (args.json) {
      io.json({ cscas, crls: listed.crls, ...(problems.length > 0 ? { problems } : {}) });
    } else if (listed.cscas.length === 0 && listed.crls.length === 0) {
      io.out('the trust store is empty: import the ICAO master list with "borderpost trust import <file.ml>"');
    } else {
      io.out(table(cscas, listed.crls));
    }
    for (const p of problems) if (!args.json) io.err(`not loaded: ${p.path}: ${p.reason}`);
    return problems.length > 0 ? EXIT.CHECK_FAILED : EXIT.OK;
  },
};

export const TRUST_COMMANDS: Command[] = [trustImport, trustList];
