import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { PersonListStore } from '../../station/watchlists/persons/index.js';
import { main } from '../index.js';
import { opt, type Io } from '../command.js';
import { DOCUMENTS_NOT_INSTALLED, installDocumentListHooks, installedDocumentListHooks } from './watchlist-hooks.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../station/watchlists/persons/fixtures/${name}`, import.meta.url));
const CSV = fixture('persons.csv');
const FTM = fixture('persons.ftm.jsonl');

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), json: (v) => out.push(JSON.stringify(v)), readStdin: async () => '', env };
  return { io, out, err, json: () => JSON.parse(out[0]!) as Record<string, unknown> };
}

let dir: ReturnType<typeof tempDir> | null = null;
// The documents module installs its hooks when the command registry loads; tests that need the
// "not installed" state take them out and put them back.
const documentsHooks = installedDocumentListHooks();
afterEach(() => {
  installDocumentListHooks(documentsHooks);
  dir?.cleanup();
  dir = null;
});

async function withList(): Promise<string> {
  dir = tempDir();
  const dataDir = join(dir.path, 'data');
  const r = fakeIo();
  expect(await main(['watchlist', 'import', CSV, '--kind', 'persons', '--json', '--data-dir', dataDir], r.io)).toBe(0);
  return dataDir;
}

describe('borderpost watchlist import', () => {
  it('imports persons, reports bad rows with their lines, prints progress on stderr, and encrypts the list with the station key', async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'data');
    const r = fakeIo();
    expect(await main(['watchlist', 'import', CSV, '--kind', 'persons', '--json', '--data-dir', dataDir], r.io)).toBe(0);
    expect(r.out).toHaveLength(1);
    const s = r.json();
    expect(s).toMatchObject({ kind: 'persons', imported: 11, skipped: 5, errorCount: 5, format: 'csv', source: 'persons.csv' });
    expect(s.errors).toEqual([
      { line: 10, message: 'no id' },
      { line: 11, message: 'no name for P-009' },
      { line: 13, message: 'duplicate id "P-001": the first occurrence is kept' },
      { line: 14, message: '4 fields where the header has 12' },
      { line: 15, message: 'not valid CSV: a quote inside an unquoted field' },
    ]);
    expect(r.err.some((l) => l.startsWith('persons:'))).toBe(true);
    expect(existsSync(join(dataDir, 'station.key'))).toBe(true);
    expect(() => PersonListStore.open({ dataDir })).toThrow(/wrong key|not a person list/);
  });

  it('infers FtM from the file name and counts skipped schemas; prints a readable summary without --json', async () => {
    dir = tempDir();
    const r = fakeIo();
    expect(await main(['watchlist', 'import', FTM, '--kind', 'persons', '--data-dir', dir.path], r.io)).toBe(0);
    expect(r.out[0]).toMatch(/^imported 4 persons/);
    expect(r.out[0]).toContain('"Organization":1');
    expect(r.out[0]).toContain('line 3: not JSON');
  });

  it('exits 2 on unusable input and leaves no list behind', async () => {
    dir = tempDir();
    const d = dir.path;
    const cases: string[][] = [
      ['watchlist', 'import', CSV],
      ['watchlist', 'import', CSV, '--kind', 'people'],
      ['watchlist', 'import', CSV, '--kind', 'persons', '--format', 'xml'],
      ['watchlist', 'import', join(d, 'list.txt'), '--kind', 'persons'],
      ['watchlist', 'import', join(d, 'missing.csv'), '--kind', 'persons'],
      ['watchlist', 'import', '--kind', 'persons'],
    ];
    for (const argv of cases) expect(await main([...argv, '--data-dir', d], fakeIo().io), argv.join(' ')).toBe(2);
    // A file in which no person can be read (here: a documents list) does not replace anything.
    const wrong = fakeIo();
    expect(await main(['watchlist', 'import', fixture('persons.ftm.jsonl'), '--kind', 'persons', '--format', 'csv', '--json', '--data-dir', d], wrong.io)).toBe(2);
    expect(wrong.json()).toMatchObject({ imported: 0, error: expect.stringContaining('live list is unchanged') });
    expect(existsSync(join(d, 'watchlist-persons.db'))).toBe(false);
  });
});

describe('borderpost watchlist check', () => {
  it('returns {threshold, candidates: [{id, name, score, hit, explanation}]} best first, exit 0', async () => {
    const dataDir = await withList();
    const r = fakeIo();
    expect(await main(['watchlist', 'check', '--name', 'PETROV Vladimir', '--dob', '1961', '--nationality', 'RUS', '--sex', 'M', '--json', '--data-dir', dataDir], r.io)).toBe(0);
    const j = r.json() as { threshold: number; candidates: Array<Record<string, unknown>> };
    expect(j.threshold).toBe(0.85);
    expect(j.candidates.length).toBeGreaterThan(0);
    for (const c of j.candidates) {
      expect(typeof c.id).toBe('string');
      expect(typeof c.name).toBe('string');
      expect(typeof c.score).toBe('number');
      expect(typeof c.hit).toBe('boolean');
      expect(Array.isArray(c.explanation)).toBe(true);
      expect(c.explanation).toEqual(expect.arrayContaining([expect.objectContaining({ feature: 'name', weight: 1, value: expect.any(Number), detail: expect.any(String) })]));
    }
    expect(j.candidates[0]).toMatchObject({ id: 'P-001', hit: true, action: 'arrest', category: 'wanted', severity: 'high' });
    const scores = j.candidates.map((c) => c.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('finds an Arabic-script entry from Latin, honours --threshold, and exits 0 with no candidate', async () => {
    const dataDir = await withList();
    const a = fakeIo();
    expect(await main(['watchlist', 'check', '--name', 'Yusuf Ibrahim Haddad', '--json', '--data-dir', dataDir], a.io)).toBe(0);
    expect(a.json()).toMatchObject({ candidates: [{ id: 'P-015', hit: true }] });
    const strict = fakeIo();
    expect(await main(['watchlist', 'check', '--name', 'Yusuf Haddad', '--threshold', '0.99', '--json', '--data-dir', dataDir], strict.io)).toBe(0);
    expect(strict.json()).toMatchObject({ threshold: 0.99, candidates: [{ id: 'P-015', hit: false }] });
    const none = fakeIo();
    expect(await main(['watchlist', 'check', '--name', 'Maximilian Obermayer', '--json', '--data-dir', dataDir], none.io)).toBe(0);
    expect(none.json()).toMatchObject({ threshold: 0.85, candidates: [] });
    const human = fakeIo();
    expect(await main(['watchlist', 'check', '--name', 'Olga Smirnova', '--data-dir', dataDir], human.io)).toBe(0);
    expect(human.out[0]).toMatch(/HIT +1\.000 {2}P-004 {2}Olga SMIRNOVA/);
  });

  it('exits 2 on bad options, and when there is no list to check against', async () => {
    const dataDir = await withList();
    const bad: string[][] = [
      [],
      ['--name', 'A B', '--document', 'X1'],
      ['--name', 'A B', '--dob', '14.03.1961'],
      ['--name', 'A B', '--sex', 'Q'],
      ['--name', 'A B', '--threshold', '2'],
      ['--name', 'A B', '--limit', '0'],
      ['--name', '  '],
    ];
    for (const argv of bad) expect(await main(['watchlist', 'check', ...argv, '--data-dir', dataDir], fakeIo().io), argv.join(' ')).toBe(2);
    const empty = fakeIo();
    expect(await main(['watchlist', 'check', '--name', 'A B', '--json', '--data-dir', join(dataDir, 'elsewhere')], empty.io)).toBe(2);
    expect(empty.json()).toMatchObject({ error: expect.stringContaining('watchlist import') });
  });
});

describe('documents hooks', () => {
  it('answer "not installed" with exit 2 until installed, then dispatch with their own options', async () => {
    const dataDir = await withList();
    installDocumentListHooks(undefined);
    for (const argv of [
      ['watchlist', 'check', '--document', 'L898902C3'],
      ['watchlist', 'import', CSV, '--kind', 'documents'],
    ]) {
      const r = fakeIo();
      expect(await main([...argv, '--data-dir', dataDir], r.io)).toBe(2);
      expect(r.err[0]).toContain(DOCUMENTS_NOT_INSTALLED);
    }
    const seen: unknown[] = [];
    installDocumentListHooks({
      importDocuments: async (req) => (seen.push(['import', req.file, req.format]), 0),
      checkDocument: async (req) => (seen.push(['check', req.document, req.values.issuer]), 1),
      documentStats: () => ({ installed: true, records: 42 }),
      checkOptions: { issuer: opt({ type: 'string', description: 'issuing state' }) },
    });
    expect(await main(['watchlist', 'check', '--document', 'L898902C3', '--issuer', 'UTO', '--data-dir', dataDir], fakeIo().io)).toBe(1);
    expect(await main(['watchlist', 'import', CSV, '--kind', 'documents', '--format', 'icao', '--data-dir', dataDir], fakeIo().io)).toBe(0);
    expect(seen).toEqual([
      ['check', 'L898902C3', 'UTO'],
      ['import', CSV, 'icao'],
    ]);
    const stats = fakeIo();
    expect(await main(['watchlist', 'stats', '--json', '--data-dir', dataDir], stats.io)).toBe(0);
    expect(stats.json()).toMatchObject({ documents: { installed: true, records: 42 } });
  });
});

describe('borderpost watchlist stats', () => {
  it('reports the person list, and says when there is none', async () => {
    installDocumentListHooks(undefined);
    dir = tempDir();
    const none = fakeIo();
    expect(await main(['watchlist', 'stats', '--json', '--data-dir', dir.path], none.io)).toBe(0);
    expect(none.json()).toMatchObject({ persons: { installed: false, records: 0 }, documents: { installed: false } });
    const dataDir = join(dir.path, 'data');
    expect(await main(['watchlist', 'import', CSV, '--kind', 'persons', '--data-dir', dataDir], fakeIo().io)).toBe(0);
    const r = fakeIo();
    expect(await main(['watchlist', 'stats', '--json', '--data-dir', dataDir], r.io)).toBe(0);
    expect(r.json()).toMatchObject({
      persons: { installed: true, records: 11, aliases: 9, version: expect.stringMatching(/^persons-/), builtAt: expect.any(String), source: 'persons.csv', encrypted: true },
      documents: { installed: false, message: DOCUMENTS_NOT_INSTALLED },
    });
  });
});
