/**
 * `npm run bench [-- suite…]`: runs benchmark suites, prints a table for each and writes
 * test/bench/results/<suite>.json. Figures, not assertions: targets are compared in the README.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { readerToRecord } from './reader-to-record.bench.js';
import { watchlistDocuments } from './watchlist-documents.bench.js';
import { chipRead } from './chip-read.bench.js';
import { faceDecode } from './face-decode.bench.js';
import { watchlistPersons } from './watchlist-persons.bench.js';
import type { BenchSuite } from './suite.js';

const SUITES: BenchSuite[] = [readerToRecord, watchlistDocuments, watchlistPersons, chipRead, faceDecode];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !SUITES.some((s) => s.name === w || s.name.startsWith(w)));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; available: ${SUITES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const chosen = wanted.length ? SUITES.filter((s) => wanted.some((w) => s.name === w || s.name.startsWith(w))) : SUITES;
const outDir = join(import.meta.dirname, 'results');
mkdirSync(outDir, { recursive: true });
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };

for (const suite of chosen) {
  console.log(`\n== ${suite.name}: ${suite.description}`);
  const result = await suite.run();
  result.machine = machine;
  console.table(result.table);
  const file = join(outDir, `${suite.name}.json`);
  writeFileSync(file, JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2) + '\n');
  console.log(`written ${file}`);
}
