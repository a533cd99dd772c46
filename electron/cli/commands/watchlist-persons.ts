/**
 * `borderpost watchlist import|check|stats`: one command per verb for both watch-lists. The person
 * list is handled here; the lost/stolen documents list is reached through the hooks in
 * watchlist-hooks.ts (`--kind documents`, `--document`).
 *
 * The person list lives in the station data directory (`watchlist-persons.db`), encrypted with the
 * station key (BORDERPOST_DB_KEY or `station.key`, as the station database).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateStationKey } from '../../station/db/station-key.js';
import {
  EmptyListError,
  ImportRunningError,
  NoPersonListError,
  PersonListStore,
  formatFromFileName,
  importPersonList,
  type ImportProgress,
  type ImportSummary,
  type PersonSearchResult,
} from '../../station/watchlists/persons/index.js';
import { EXIT, opt, str, UsageError, type Command, type Io } from '../command.js';
import { checkDocumentHook, documentCheckOptions, documentImportOptions, documentStatsHook, importDocumentsHook } from './watchlist-hooks.js';

/** The key that encrypts the list: created with the station key on import, read otherwise. */
export function listKey(dataDir: string, env: NodeJS.ProcessEnv, create: boolean): string | undefined {
  if (env.BORDERPOST_DB_KEY) return env.BORDERPOST_DB_KEY;
  if (create) {
    mkdirSync(dataDir, { recursive: true });
    return loadOrCreateStationKey(dataDir, env);
  }
  const file = join(dataDir, 'station.key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

const KINDS = ['persons', 'documents'] as const;

const IMPORT_OPTIONS = {
  kind: opt({ type: 'string', description: 'which list: persons or documents (required)' }),
  format: opt({ type: 'string', description: 'persons: csv or ftm (FollowTheMoney JSON lines); default from the file name' }),
  source: opt({ type: 'string', description: 'name of the list in reports (default: the file name)' }),
} as const;

function progressLine(p: ImportProgress): string {
  const pct = p.totalBytes > 0 ? ` (${Math.round((100 * p.bytesRead) / p.totalBytes)}%)` : '';
  switch (p.phase) {
    case 'reading':
      return `persons: line ${p.line}${pct}: ${p.imported} imported, ${p.skipped} skipped`;
    case 'indexing':
      return `persons: ${p.imported} imported, ${p.skipped} skipped; writing the name index`;
    case 'verifying':
      return 'persons: verified; replacing the live list';
    case 'done':
      return 'persons: done';
  }
}

function summaryJson(s: ImportSummary, file: string) {
  return {
    kind: 'persons',
    file,
    imported: s.imported,
    skipped: s.skipped,
    errors: s.errors,
    errorCount: s.errorCount,
    warnings: s.warnings,
    warningCount: s.warningCount,
    skippedSchemas: s.skippedSchemas,
    aliases: s.aliases,
    expired: s.expired,
    version: s.version,
    builtAt: s.builtAt,
    source: s.source,
    format: s.format,
    bytes: s.bytes,
    seconds: Math.round(s.seconds * 1000) / 1000,
  };
}

function printSummary(io: Io, s: ImportSummary): void {
  const lines = [
    `imported ${s.imported} persons (${s.aliases} aliases) from ${s.source} [${s.format}] as list ${s.version}`,
    `skipped ${s.skipped}: ${s.errorCount} bad rows${Object.keys(s.skippedSchemas).length ? `, other schemas ${JSON.stringify(s.skippedSchemas)}` : ''}; ${s.warningCount} warnings; ${s.expired} already expired`,
  ];
  for (const e of s.errors) lines.push(`  line ${e.line}: ${e.message}`);
  if (s.errorCount > s.errors.length) lines.push(`  … and ${s.errorCount - s.errors.length} more bad rows`);
  for (const w of s.warnings) lines.push(`  line ${w.line} (warning): ${w.message}`);
  if (s.warningCount > s.warnings.length) lines.push(`  … and ${s.warningCount - s.warnings.length} more warnings`);
  io.out(lines.join('\n'));
}

export const watchlistImport: Command = {
  path: ['watchlist', 'import'],
  summary: 'import a watch-list file (persons: CSV or FollowTheMoney JSON lines) and swap it in atomically',
  usage: '<file> --kind persons|documents [--format csv|ftm] [--source <name>]',
  get options() {
    return { ...IMPORT_OPTIONS, ...documentImportOptions() };
  },
  async run(args, io) {
    const file = args.positionals[0];
    if (!file || args.positionals.length > 1) throw new UsageError('give exactly one file to import');
    const kind = str(args.values.kind);
    if (!kind || !(KINDS as readonly string[]).includes(kind)) throw new UsageError('--kind must be persons or documents');
    const format = str(args.values.format);
    if (kind === 'documents') return importDocumentsHook({ file, ...(format ? { format } : {}), dataDir: args.dataDir, json: args.json, values: args.values, io });

    if (format !== undefined && format !== 'csv' && format !== 'ftm') throw new UsageError('--format must be csv or ftm');
    const chosen = format ?? formatFromFileName(file);
    if (!chosen) throw new UsageError(`cannot tell the format of ${file} from its name: add --format csv or --format ftm`);
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    let last = 0;
    try {
      const summary = await importPersonList({
        dataDir: args.dataDir,
        file,
        format: chosen,
        key: listKey(args.dataDir, io.env, true),
        ...(str(args.values.source) ? { source: str(args.values.source) } : {}),
        progressEvery: 50_000,
        onProgress: (p) => {
          // At most one line a second while reading; every phase change.
          const now = Date.now();
          if (p.phase === 'reading' && now - last < 1000) return;
          last = now;
          io.err(progressLine(p));
        },
      });
      if (args.json) io.json(summaryJson(summary, file));
      else printSummary(io, summary);
      return EXIT.OK;
    } catch (e) {
      if (e instanceof EmptyListError) {
        if (args.json) io.json({ ...summaryJson(e.summary, file), error: e.message });
        else io.err(`error: ${e.message}`);
        return EXIT.USAGE;
      }
      if (e instanceof ImportRunningError) throw new Error(e.message);
      throw e;
    }
  },
};

const CHECK_OPTIONS = {
  name: opt({ type: 'string', description: 'full name of the traveller, any script and order' }),
  dob: opt({ type: 'string', description: 'birth date: YYYY-MM-DD, YYYY-MM or YYYY' }),
  nationality: opt({ type: 'string', description: 'nationality as in the MRZ (ISO 3166-1 alpha-3; alpha-2 accepted)' }),
  sex: opt({ type: 'string', description: 'M, F or X' }),
  threshold: opt({ type: 'string', description: 'hit threshold, 0..1 (default 0.85)' }),
  limit: opt({ type: 'string', description: 'most candidates shown (default 10)' }),
  'include-expired': opt({ type: 'boolean', description: 'also show expired alerts (flagged, never hits)' }),
  document: opt({ type: 'string', description: 'check a document number against the lost/stolen documents list instead' }),
} as const;

function printCheck(io: Io, r: PersonSearchResult): void {
  if (r.candidates.length === 0) {
    io.out(`no candidate (list ${r.list.version}, threshold ${r.threshold})`);
    return;
  }
  const lines = [`${r.hits} hit(s) at threshold ${r.threshold} (list ${r.list.version})${r.truncated ? '; common name: more persons share it than were scored, narrow the check with --dob/--nationality' : ''}`];
  for (const c of r.candidates) {
    const flag = c.expired ? 'EXPIRED' : c.hit ? 'HIT    ' : 'near   ';
    lines.push(`${flag} ${c.score.toFixed(3)}  ${c.id}  ${c.name}  [${c.category}, ${c.severity}]${c.hit ? `  ACTION: ${c.action}` : ''}`);
    for (const f of c.explanation) lines.push(`          ${f.feature.padEnd(11)} ${f.value >= 0 ? '+' : ''}${f.value.toFixed(3)}  ${f.detail}`);
  }
  io.out(lines.join('\n'));
}

function number(text: string | undefined, name: string, check: (x: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!Number.isFinite(x) || !check(x)) throw new UsageError(`${name} is out of range: ${text}`);
  return x;
}

export const watchlistCheck: Command = {
  path: ['watchlist', 'check'],
  summary: 'check a traveller (--name) or a document (--document) against the watch-lists',
  usage: '--name "<full name>" [--dob YYYY-MM-DD|YYYY] [--nationality ISO3] [--sex M|F] [--threshold x] | --document <number>',
  get options() {
    return { ...CHECK_OPTIONS, ...documentCheckOptions() };
  },
  async run(args, io) {
    const name = str(args.values.name);
    const document = str(args.values.document);
    if (args.positionals.length) throw new UsageError(`unexpected argument: ${args.positionals[0]}`);
    if ((name === undefined) === (document === undefined)) throw new UsageError('give either --name or --document');
    if (document !== undefined) return checkDocumentHook({ document, dataDir: args.dataDir, json: args.json, values: args.values, io });
    if (!name!.trim()) throw new UsageError('--name is empty');

    const dob = str(args.values.dob);
    if (dob !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(dob)) throw new UsageError('--dob must be YYYY-MM-DD, YYYY-MM or YYYY');
    const sex = str(args.values.sex)?.toUpperCase();
    if (sex !== undefined && sex !== 'M' && sex !== 'F' && sex !== 'X') throw new UsageError('--sex must be M, F or X');
    const nationality = str(args.values.nationality);
    if (nationality !== undefined && !/^[A-Za-z]{1,3}<*$/.test(nationality)) throw new UsageError('--nationality must be a country code such as RUS');
    const threshold = number(str(args.values.threshold), '--threshold', (x) => x > 0 && x <= 1);
    const limit = number(str(args.values.limit), '--limit', (x) => Number.isInteger(x) && x >= 1 && x <= 1000);

    let store: PersonListStore;
    try {
      store = PersonListStore.open({ dataDir: args.dataDir, key: listKey(args.dataDir, io.env, false) });
    } catch (e) {
      if (e instanceof NoPersonListError) throw new Error(e.message);
      throw e;
    }
    try {
      const r = store.search(
        { name: name!, ...(dob ? { birthDate: dob } : {}), ...(nationality ? { nationality } : {}), ...(sex ? { sex: sex as 'M' | 'F' | 'X' } : {}) },
        { ...(threshold !== undefined ? { threshold } : {}), ...(limit !== undefined ? { limit } : {}), includeExpired: args.values['include-expired'] === true },
      );
      if (args.json) {
        io.json({ threshold: r.threshold, candidates: r.candidates, hits: r.hits, truncated: r.truncated, list: r.list });
      } else printCheck(io, r);
      return EXIT.OK;
    } finally {
      store.close();
    }
  },
};

export const watchlistStats: Command = {
  path: ['watchlist', 'stats'],
  summary: 'what the watch-lists of this station hold: records, version, source',
  usage: '',
  options: {},
  async run(args, io) {
    let persons: Record<string, unknown>;
    try {
      const store = PersonListStore.open({ dataDir: args.dataDir, key: listKey(args.dataDir, io.env, false) });
      try {
        persons = { installed: true, ...store.stats() };
      } finally {
        store.close();
      }
    } catch (e) {
      if (!(e instanceof NoPersonListError)) throw e;
      persons = { installed: false, records: 0, message: e.message };
    }
    const documents = documentStatsHook(args.dataDir, io.env);
    if (args.json) io.json({ persons, documents });
    else {
      const p = persons as { installed: boolean; records: number; aliases?: number; version?: string; builtAt?: string; source?: string; expired?: number; message?: string };
      io.out(
        [
          p.installed ? `persons: ${p.records} alerts, ${p.aliases} aliases, ${p.expired} expired; list ${p.version} built ${p.builtAt} from ${p.source}` : `persons: ${p.message}`,
          `documents: ${JSON.stringify(documents)}`,
        ].join('\n'),
      );
    }
    return EXIT.OK;
  },
};

export const WATCHLIST_COMMANDS: Command[] = [watchlistImport, watchlistCheck, watchlistStats];
