/**
 * The lost/stolen documents list in the shared `watchlist` commands (see watchlist-hooks.ts):
 * `watchlist import <file> --kind documents`, `watchlist check --document <n> --state <ISO3>`,
 * and the documents part of `watchlist stats`. A running station picks up an imported list at
 * its next check: the import builds a new file and renames it over the live one.
 */
import { basename, resolve } from 'node:path';
import { DocumentListStore } from '../../station/watchlists/documents/document-list-store.js';
import { importDocumentListCsv } from '../../station/watchlists/documents/document-list-import.js';
import { EXIT, opt, str, UsageError } from '../command.js';
import { installDocumentListHooks } from './watchlist-hooks.js';

installDocumentListHooks({
  importOptions: {
    source: opt({ type: 'string', description: 'documents list: the publisher named on rows that name none (default: the file name)' }),
    'list-version': opt({ type: 'string', description: 'documents list: the version as the publisher names it (default: the import time)' }),
  },
  checkOptions: {
    state: opt({ type: 'string', description: 'issuing state of --document (ICAO 3-letter code)' }),
  },

  async importDocuments({ file, format, dataDir, json, values, io }) {
    if (format !== undefined && format !== 'csv') throw new UsageError('a documents list is imported from CSV (number,issuing_state,type,status[,source,reference])');
    let lastShown = 0;
    const report = await importDocumentListCsv(resolve(file), {
      dir: dataDir,
      source: str(values.source) ?? basename(file).replace(/\.[^.]+$/, ''),
      version: str(values['list-version']) ?? new Date().toISOString(),
      onProgress: (p) => {
        if (p.elapsedMs - lastShown < 1000) return;
        lastShown = p.elapsedMs;
        io.err(`${p.phase}: ${p.rows.toLocaleString('en')}${p.of ? ` of ${p.of.toLocaleString('en')}` : ''} rows, ${Math.round(p.rowsPerSecond).toLocaleString('en')} rows/s, ${p.badRows} bad`);
      },
    });
    const summary = {
      kind: 'documents',
      imported: report.records,
      skipped: report.badRows + report.duplicates,
      duplicates: report.duplicates,
      errors: report.badRowSamples.slice(0, 20).map((b) => ({ line: b.line, message: b.reason })),
      resumedAtKey: report.resumedAtKey,
      bytesPerRecord: report.bytesPerRecord,
      elapsedMs: Math.round(report.elapsedMs),
    };
    if (json) io.json(summary);
    else io.out(`imported ${summary.imported.toLocaleString('en')} documents (${summary.skipped} rows skipped) in ${(summary.elapsedMs / 1000).toFixed(1)} s${summary.errors.length ? '\n' + summary.errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n') : ''}`);
    return EXIT.OK;
  },

  async checkDocument({ document, dataDir, json, values, io }) {
    const state = str(values.state);
    if (!state) throw new UsageError('--document needs --state <ISO3>, the issuing state');
    if (!DocumentListStore.exists(dataDir)) throw new UsageError(`no documents list has been imported into ${dataDir}`);
    const store = DocumentListStore.open(dataDir);
    try {
      const result = store.check(document, state);
      const out = { hit: result.hit, entries: result.entries, listVersion: result.listVersion };
      if (json) io.json(out);
      else io.out(result.hit ? result.entries.map((e) => `LISTED (${e.match}): ${e.number} ${e.issuingState} ${e.type} ${e.status} — ${e.source}${e.reference ? ` ${e.reference}` : ''}`).join('\n') : `not listed (list version ${result.listVersion})`);
      return EXIT.OK;
    } finally {
      store.close();
    }
  },

  documentStats(dataDir) {
    if (!DocumentListStore.exists(dataDir)) return { installed: true, loaded: false };
    const store = DocumentListStore.open(dataDir);
    try {
      const s = store.stats();
      return { installed: true, loaded: true, records: s.records, source: s.source, version: s.version, builtAt: s.builtAt, bytes: s.bytes, bytesPerRecord: s.bytesPerRecord };
    } finally {
      store.close();
    }
  },
});
