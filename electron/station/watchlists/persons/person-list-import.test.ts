import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import { EmptyListError, ImportAbortedError, importPersonList } from './person-list-import.js';
import { PersonListStore } from './person-list-store.js';
import { ImportRunningError, acquireImportLock } from './person-list-files.js';
import { buildingPath, listPath, lockPath } from './person-list-format.js';
import { CSV_HEADER, syntheticPersons, toCsvLine } from './synthetic-persons.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const CSV = fixture('persons.csv');
const FTM = fixture('persons.ftm.jsonl');
const NOW = () => new Date('2026-06-01T12:00:00Z');

let dir: ReturnType<typeof tempDir> | null = null;
afterEach(() => {
  dir?.cleanup();
  dir = null;
});

function writeSynthetic(path: string, count: number): void {
  const lines = [CSV_HEADER];
  for (const p of syntheticPersons(count, 11)) lines.push(toCsvLine(p));
  writeFileSync(path, lines.join('\n') + '\n');
}

describe('importPersonList', () => {
  it('imports the CSV fixture, reporting each bad row with its line and keeping rows with a bad field', async () => {
    dir = tempDir();
    const progress: string[] = [];
    const s = await importPersonList({ dataDir: dir.path, file: CSV, now: NOW, onProgress: (p) => progress.push(p.phase), progressEvery: 1 });
    expect(s).toMatchObject({ imported: 11, skipped: 5, errorCount: 5, warningCount: 3, format: 'csv', expired: 1, source: 'persons.csv' });
    expect(s.errors).toEqual([
      { line: 10, message: 'no id' },
      { line: 11, message: 'no name for P-009' },
      { line: 13, message: 'duplicate id "P-001": the first occurrence is kept' },
      { line: 14, message: '4 fields where the header has 12' },
      { line: 15, message: 'not valid CSV: a quote inside an unquoted field' },
    ]);
    expect(s.warnings.map((w) => w.line)).toEqual([12, 12, 12]);
    expect(progress).toContain('reading');
    expect(progress.at(-1)).toBe('done');
    expect(s.version).toMatch(/^persons-[0-9a-f]{16}$/);
    expect(existsSync(buildingPath(dir.path))).toBe(false);
    expect(existsSync(lockPath(dir.path))).toBe(false);

    const store = PersonListStore.open({ dataDir: dir.path, now: NOW });
    try {
      // The quoted two-line action of P-007 was read whole (white space collapsed), and the rows
      // after it kept their physical line numbers (above).
      expect(store.get('P-007')?.action).toBe('refer to supervisor and inform the duty officer');
      expect(store.get('P-010')).toMatchObject({ name: 'Maria GARCIA', birthDates: [], severity: 'medium', category: 'other' });
      expect(store.get('P-002')).toMatchObject({ nationalities: ['SYR', 'IRQ'], documents: ['N1234567'], action: 'refer to supervisor immediately; do not alert the traveller' });
      expect(store.stats()).toMatchObject({ records: 11, aliases: 9, source: 'persons.csv', expired: 1 });
    } finally {
      store.close();
    }
  });

  it('imports FollowTheMoney lines: persons only, other schemas counted, topics to category', async () => {
    dir = tempDir();
    const s = await importPersonList({ dataDir: dir.path, file: FTM, now: NOW });
    expect(s).toMatchObject({ imported: 4, skipped: 4, skippedSchemas: { Organization: 1, Vessel: 1 }, format: 'ftm' });
    expect(s.errors).toEqual([
      { line: 3, message: expect.stringMatching(/^not JSON/) },
      { line: 6, message: 'no name for NK-noname' },
    ]);
    const store = PersonListStore.open({ dataDir: dir.path, now: NOW });
    try {
      expect(store.get('NK-v-sokolov')).toMatchObject({
        name: 'Viktor Andreevich SOKOLOV',
        aliases: ['Виктор Андреевич Соколов', 'Victor Sokoloff'],
        nationalities: ['RUS'],
        sex: 'M',
        category: 'sanction',
        documents: ['721234567'],
        source: 'eu_fsf,us_ofac_sdn',
      });
      expect(store.get('NK-y-haddad')).toMatchObject({ category: 'wanted', severity: 'high', birthDates: ['1971', '1972-04'], documents: ['LB998877'] });
      // firstName + lastName when there is no name; the impossible date is dropped, the year kept.
      expect(store.get('NK-e-novak')).toMatchObject({ name: 'Eva Nováková', birthDates: ['1979'], category: 'other' });
    } finally {
      store.close();
    }
  });

  it('swaps atomically: a store opened before the import keeps answering from the old list until it refreshes', async () => {
    dir = tempDir();
    await importPersonList({ dataDir: dir.path, file: CSV, now: NOW });
    const before = PersonListStore.open({ dataDir: dir.path, now: NOW });
    const next = PersonListStore.open({ dataDir: dir.path, now: NOW });
    try {
      const oldVersion = before.version;
      expect(before.search({ name: 'Vladimir Petrov' }).candidates[0]?.id).toBe('P-001');
      const s = await importPersonList({ dataDir: dir.path, file: FTM, now: NOW });
      expect(s.version).not.toBe(oldVersion);
      // Still the old file: same version, same answers, no error.
      expect(before.version).toBe(oldVersion);
      expect(before.search({ name: 'Vladimir Petrov' }).candidates[0]?.id).toBe('P-001');
      expect(before.search({ name: 'Viktor Sokolov' }).candidates).toEqual([]);
      expect(before.refresh()).toBe(true);
      expect(before.version).toBe(s.version);
      expect(before.search({ name: 'Viktor Sokolov' }).candidates[0]?.id).toBe('NK-v-sokolov');
      expect(before.search({ name: 'Vladimir Petrov' }).candidates.some((c) => c.id === 'P-001')).toBe(false);
      expect(before.refresh()).toBe(false);
      // A store opened earlier sees the new list after a plain reopen too.
      next.close();
      const reopened = PersonListStore.open({ dataDir: dir.path, now: NOW });
      expect(reopened.version).toBe(s.version);
      reopened.close();
    } finally {
      before.close();
    }
  });

  it('an import interrupted by its caller leaves the live list as it was and cleans up', async () => {
    dir = tempDir();
    const big = join(dir.path, 'big.csv');
    writeSynthetic(big, 3000);
    const first = await importPersonList({ dataDir: dir.path, file: CSV, now: NOW });
    const abort = new AbortController();
    await expect(
      importPersonList({ dataDir: dir.path, file: big, now: NOW, signal: abort.signal, progressEvery: 100, onProgress: (p) => p.imported >= 100 && abort.abort() }),
    ).rejects.toBeInstanceOf(ImportAbortedError);
    expect(existsSync(buildingPath(dir.path))).toBe(false);
    expect(existsSync(lockPath(dir.path))).toBe(false);
    const store = PersonListStore.open({ dataDir: dir.path, now: NOW });
    expect(store.version).toBe(first.version);
    expect(store.stats().records).toBe(11);
    store.close();
  });

  it('a killed import leaves the live list intact, and the next import takes over its lock and leftovers', async () => {
    dir = tempDir();
    const big = join(dir.path, 'big.csv');
    writeSynthetic(big, 20_000);
    const first = await importPersonList({ dataDir: dir.path, file: CSV, now: NOW });
    const script = join(dir.path, 'child.mts');
    const importer = fileURLToPath(new URL('./person-list-import.ts', import.meta.url));
    writeFileSync(
      script,
      `import { importPersonList } from ${JSON.stringify(importer)};\n` +
        `await importPersonList({ dataDir: ${JSON.stringify(dir.path)}, file: ${JSON.stringify(big)}, progressEvery: 500, onProgress: (p) => p.phase === 'reading' && console.log('progress', p.imported) });\n` +
        `console.log('finished');\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const state = await new Promise<string>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        const text = b.toString();
        if (text.includes('finished')) resolve('finished');
        else if (text.includes('progress')) {
          child.kill('SIGKILL');
          resolve('killed');
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(state).toBe('killed');
    // What a crash leaves: a half-built file and a lock whose process is gone.
    expect(existsSync(buildingPath(dir.path))).toBe(true);
    expect(existsSync(lockPath(dir.path))).toBe(true);
    const store = PersonListStore.open({ dataDir: dir.path, now: NOW });
    expect(store.version).toBe(first.version);
    expect(store.search({ name: 'Vladimir Petrov' }).candidates[0]?.id).toBe('P-001');
    store.close();

    const again = await importPersonList({ dataDir: dir.path, file: FTM, now: NOW });
    expect(again.imported).toBe(4);
    expect(existsSync(buildingPath(dir.path))).toBe(false);
    expect(existsSync(lockPath(dir.path))).toBe(false);
  }, 60_000);

  it('refuses to replace a list with nothing (a wrong file), and one import at a time', async () => {
    dir = tempDir();
    const first = await importPersonList({ dataDir: dir.path, file: CSV, now: NOW });
    const wrong = join(dir.path, 'documents.csv');
    writeFileSync(wrong, 'number,state,type\nX1234567,UTO,P\n');
    const err = await importPersonList({ dataDir: dir.path, file: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmptyListError);
    expect((err as EmptyListError).summary.errors[0]?.message).toMatch(/id and name/);
    const release = acquireImportLock(dir.path);
    await expect(importPersonList({ dataDir: dir.path, file: CSV })).rejects.toBeInstanceOf(ImportRunningError);
    release();
    const store = PersonListStore.open({ dataDir: dir.path });
    expect(store.version).toBe(first.version);
    store.close();
    expect(existsSync(listPath(dir.path))).toBe(true);
  });

  it('writes an encrypted list when given a key, which cannot be read without it', async () => {
    const d = (dir = tempDir());
    const key = 'a1'.repeat(32);
    await importPersonList({ dataDir: d.path, file: CSV, key, now: NOW });
    expect(() => PersonListStore.open({ dataDir: d.path })).toThrow(/wrong key|not a person list/);
    expect(() => PersonListStore.open({ dataDir: d.path, key: 'b2'.repeat(32) })).toThrow(/wrong key|not a person list/);
    const store = PersonListStore.open({ dataDir: d.path, key, now: NOW });
    expect(store.search({ name: 'Olga Smirnova' }).candidates[0]?.id).toBe('P-004');
    expect(store.stats().encrypted).toBe(true);
    store.close();
  });

  it('reads biometric references and document numbers from the optional columns', async () => {
    dir = tempDir();
    const file = join(dir.path, 'bio.csv');
    writeFileSync(file, 'id,name,biometrics,documents\nB-1,Anna SCHMIDT,face:tpl-77|fingerprint:fp-3|palm:x,C01X00T47\n');
    const s = await importPersonList({ dataDir: dir.path, file });
    expect(s.warnings).toEqual([{ line: 2, message: expect.stringMatching(/palm:x/) }]);
    const store = PersonListStore.open({ dataDir: dir.path });
    expect(store.get('B-1')?.biometrics).toEqual([
      { modality: 'face', reference: 'tpl-77' },
      { modality: 'fingerprint', reference: 'fp-3' },
    ]);
    expect(store.idsByDocument('c01x00t47')).toEqual(['B-1']);
    store.close();
  });
});
