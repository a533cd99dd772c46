import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3-multiple-ciphers';
import { buildingPath, listPath, pendingPath } from './document-list-format.js';
import { DocumentImportError, importDocumentListCsv, importDocumentListRows, swapInDocumentList, type DocumentRow, type ImportOptions } from './document-list-import.js';
import { DocumentListError, DocumentListStore } from './document-list-store.js';
import { foldOcrConfusions, ocrVariants } from './document-number.js';

let dir: string;
let open: DocumentListStore[] = [];
const store = (d = dir) => {
  const s = DocumentListStore.open(d);
  open.push(s);
  return s;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'borderpost-doclist-'));
  open = [];
});
afterEach(() => {
  for (const s of open) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const opts = (version: string, extra: Partial<ImportOptions> = {}): ImportOptions => ({ dir, source: 'INTERPOL SLTD', version, ...extra });

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Deterministic synthetic rows: 9-character numbers of a few formats, states, types, statuses. */
function syntheticRows(n: number, seed: number): DocumentRow[] {
  let x = seed >>> 0;
  const next = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const states = ['GBR', 'FRA', 'D', 'USA', 'ITA', 'ESP', 'NLD', 'XXA'];
  const rows: DocumentRow[] = [];
  for (let i = 0; i < n; i++) {
    const f = next() % 3;
    let number = '';
    if (f === 0) number = String(next() % 1e9).padStart(9, '0');
    else if (f === 1) number = letters[next() % 26]! + letters[next() % 26]! + String(next() % 1e7).padStart(7, '0');
    else number = String(next() % 100).padStart(2, '0') + letters[next() % 26]! + letters[next() % 26]! + String(next() % 1e5).padStart(5, '0');
    rows.push({ number, issuingState: states[next() % states.length]!, type: ['P', 'I', 'V'][next() % 3]!, status: ['LOST', 'STOLEN', 'REVOKED'][next() % 3]! });
  }
  return rows;
}

describe('documents list import', () => {
  it('imports a CSV, reporting each bad row with its line and never aborting for one', async () => {
    const path = csv('list.csv', [
      'number,issuing_state,type,status,source,reference',
      'L898902C3,UTO,P,STOLEN,,2019/4471', // 2
      'X1234567,D<<,passport,lost,,', // 3
      'AB!123,GBR,P,LOST,,', // 4 invalid number
      'K1234567,GB1,P,LOST,,', // 5 invalid state
      'K1234567,GBR,Q,LOST,,', // 6 unknown type
      'K1234567,GBR,P,MISLAID,,', // 7 unknown status
      'K1234567,GBR,P', // 8 missing fields
      'K7654321,gbr,I,revoked,NCB London,', // 9
      'L898902C3,UTO,P,STOLEN,,other ref', // 10 duplicate of line 2
      '"Z 123 456 789 012",FRA,I,S,,', // 11 long number (15)
    ]);
    // Half the rows are bad here; a real list refuses that by default (maxBadRowFraction 0.1).
    const report = await importDocumentListCsv(path, opts('2024-05-01', { maxBadRowFraction: 0.6 }));
    expect(report.rowsRead).toBe(10);
    expect(report.badRows).toBe(5);
    expect(report.badRowSamples.map((b) => [b.line, b.reason])).toEqual([
      [4, 'invalid document number'],
      [5, 'invalid issuing state (1–3 letters expected)'],
      [6, 'unknown document type "Q"'],
      [7, 'unknown status "MISLAID"'],
      [8, 'expected 6 fields, found 3'],
    ]);
    expect(report.duplicates).toBe(1);
    expect(report.records).toBe(4);
    expect(report.longRecords).toBe(1);
    expect(report.issuingStates).toBe(4);
    expect(report.swapped).toBe(true);
    expect(report.file).toBe(listPath(dir));
    expect(existsSync(buildingPath(dir))).toBe(false);

    const s = store();
    expect(s.check('L898902C3', 'UTO')).toEqual({
      hit: true,
      listVersion: '2024-05-01',
      entries: [{ number: 'L898902C3', issuingState: 'UTO', type: 'passport', status: 'stolen', source: 'INTERPOL SLTD', reference: '2019/4471', match: 'exact' }],
    });
    // Germany: the list says D<<, the chip says D; a list saying DEU is the same state.
    expect(s.check('x1234567<', 'D').entries[0]).toMatchObject({ number: 'X1234567', issuingState: 'D', status: 'lost' });
    expect(s.check('K7654321', 'GBR').entries[0]).toMatchObject({ type: 'identity-card', status: 'revoked', source: 'NCB London', reference: null });
    expect(s.check('Z123456789012', 'FRA').entries[0]).toMatchObject({ number: 'Z123456789012', status: 'stolen', match: 'exact' });
    const st = s.stats();
    expect(st).toMatchObject({ records: 4, longRecords: 1, compactRecords: 3, version: '2024-05-01', source: 'INTERPOL SLTD', issuingStates: 4 });
  });

  it('hits every listed document with its type and status, and misses what is not listed', async () => {
    const rows = syntheticRows(20_000, 1);
    const report = await importDocumentListRows(rows, opts('v1'));
    const s = store();
    const listed = new Map<string, Set<string>>();
    for (const r of rows) {
      const k = `${r.issuingState}/${r.number}`;
      listed.set(k, (listed.get(k) ?? new Set()).add(`${r.type}/${r.status}`));
    }
    expect(report.compactRecords).toBe(new Set(rows.map((r) => `${r.issuingState}/${r.number}/${r.type}/${r.status}`)).size);
    for (const r of rows.slice(0, 5000)) {
      const res = s.check(r.number, r.issuingState);
      expect(res.hit).toBe(true);
      expect(res.entries.every((e) => e.match === 'exact' && e.number === r.number && e.issuingState === r.issuingState)).toBe(true);
      expect(res.entries).toHaveLength(listed.get(`${r.issuingState}/${r.number}`)!.size);
    }
    // Misses: unlisted numbers either miss or, if they fold like a listed one, are reported as OCR variants of it.
    const folded = new Set(rows.map((r) => `${r.issuingState}/${foldOcrConfusions(r.number)}`));
    let misses = 0;
    for (const r of syntheticRows(5000, 2)) {
      if (listed.has(`${r.issuingState}/${r.number}`)) continue;
      const res = s.check(r.number, r.issuingState);
      if (!folded.has(`${r.issuingState}/${foldOcrConfusions(r.number)}`)) {
        expect(res.hit).toBe(false);
        misses++;
      } else expect(res.entries.every((e) => e.match === 'ocr-variant')).toBe(true);
    }
    expect(misses).toBeGreaterThan(4000);
    expect(s.check('123456789', 'ZZZ')).toMatchObject({ hit: false, entries: [] });
    expect(() => s.check('12#4', 'GBR')).toThrow(DocumentListError);
    expect(() => s.check('1234', 'G4R')).toThrow(DocumentListError);
  });

  it('reports an OCR confusion as a weaker match, and prefers an exact one', async () => {
    await importDocumentListRows(
      [
        { number: 'AB1234567', issuingState: 'ITA', type: 'P', status: 'STOLEN' },
        { number: 'C0123456', issuingState: 'ESP', type: 'P', status: 'LOST' },
        { number: 'C0I23456', issuingState: 'ESP', type: 'P', status: 'STOLEN' },
        { number: 'ABCDE5OIZ890', issuingState: 'PRT', type: 'I', status: 'LOST' },
      ],
      opts('v1'),
    );
    const s = store();
    expect(s.check('A81234567', 'ITA')).toEqual({
      hit: true,
      listVersion: 'v1',
      entries: [
        {
          number: 'AB1234567',
          issuingState: 'ITA',
          type: 'passport',
          status: 'stolen',
          source: 'INTERPOL SLTD',
          reference: null,
          match: 'ocr-variant',
          variant: { read: 'A81234567', substitutions: [{ position: 1, read: '8', listed: 'B' }] },
        },
      ],
    });
    // Both spellings are listed: the exact one wins and the other is not mentioned.
    expect(s.check('C0123456', 'ESP').entries.map((e) => [e.number, e.match])).toEqual([['C0123456', 'exact']]);
    // Read with O for 0 and I for 1: two swaps away from both listed spellings.
    expect(s.check('CO123456', 'ESP').entries.map((e) => [e.number, e.match]).sort()).toEqual([
      ['C0123456', 'ocr-variant'],
      ['C0I23456', 'ocr-variant'],
    ]);
    // Long numbers too.
    expect(s.check('ABCDES0IZ890', 'PRT').entries).toMatchObject([{ number: 'ABCDE5OIZ890', match: 'ocr-variant' }]);
    expect(s.check('ABCDE5OIZ890', 'PRT').entries).toMatchObject([{ match: 'exact' }]);
    // A different state is a different document.
    expect(s.check('A81234567', 'FRA').hit).toBe(false);
  });

  it('builds the same prefilter on a worker thread as on the importing one', async () => {
    const rows = syntheticRows(20_000, 5).map((r, i) => (i % 50 === 0 ? { ...r, reference: `R${i}` } : r));
    const onWorker = await importDocumentListRows(rows, { ...opts('w'), dir: join(dir, 'worker'), prefilterThread: 'always' });
    const inThread = await importDocumentListRows(rows, { ...opts('t'), dir: join(dir, 'thread'), prefilterThread: 'never' });
    expect(onWorker.prefilterOnWorker).toBe(true);
    expect(inThread.prefilterOnWorker).toBe(false);
    expect(onWorker.prefilter).toEqual(inThread.prefilter);
    const blob = (d: string) => {
      const db = new Database(listPath(d), { readonly: true });
      try {
        return Buffer.concat(db.prepare('SELECT data FROM prefilter_chunks ORDER BY seq').pluck().all() as Buffer[]);
      } finally {
        db.close();
      }
    };
    expect(blob(join(dir, 'worker')).equals(blob(join(dir, 'thread')))).toBe(true);
    expect(store(join(dir, 'worker')).check(rows[50]!.number, rows[50]!.issuingState).entries.some((e) => e.reference === 'R50')).toBe(true);
  });

  it('finds any listed document from any bounded OCR variant of it (property)', async () => {
    const number = fc.array(fc.constantFrom(...'0125OIZSB8ACDX'), { minLength: 3, maxLength: 12 }).map((a) => a.join(''));
    const sample = fc.sample(number, { numRuns: 300, seed: 42 });
    await importDocumentListRows(
      sample.map((n) => ({ number: n, issuingState: 'UTO', type: 'P', status: 'LOST' })),
      opts('v1'),
    );
    const s = store();
    const listed = new Set(sample);
    for (const n of sample.slice(0, 100)) {
      for (const v of ocrVariants(n, 8)) {
        const res = s.check(v, 'UTO');
        expect(res.hit).toBe(true);
        if (listed.has(v)) expect(res.entries[0]!.match).toBe('exact');
        else expect(res.entries.map((e) => e.number)).toContain(n);
      }
    }
  });
});

describe('documents list swap', () => {
  it('a store opened before a swap keeps its list until it reopens, then sees the new one', async () => {
    await importDocumentListRows([{ number: 'OLD000001', issuingState: 'GBR', type: 'P', status: 'LOST' }], opts('v1'));
    const before = store();
    await importDocumentListRows([{ number: 'NEW000001', issuingState: 'GBR', type: 'P', status: 'STOLEN' }], opts('v2'));

    expect(before.check('OLD000001', 'GBR')).toMatchObject({ hit: true, listVersion: 'v1' });
    expect(before.check('NEW000001', 'GBR')).toMatchObject({ hit: false, listVersion: 'v1' });
    expect(before.stats().version).toBe('v1');

    const after = store();
    expect(after.check('NEW000001', 'GBR')).toMatchObject({ hit: true, listVersion: 'v2' });
    expect(after.check('OLD000001', 'GBR').hit).toBe(false);

    expect(before.reopen()).toEqual({ changed: true, version: 'v2' });
    expect(before.check('OLD000001', 'GBR').hit).toBe(false);
    expect(before.check('NEW000001', 'GBR')).toMatchObject({ hit: true, listVersion: 'v2' });
    expect(before.reopen()).toEqual({ changed: false, version: 'v2' });
  });

  it('a list built without swapping waits as .next and is promoted by the next reopen', async () => {
    await importDocumentListRows([{ number: 'OLD000001', issuingState: 'GBR', type: 'P', status: 'LOST' }], opts('v1'));
    const s = store();
    const report = await importDocumentListRows([{ number: 'NEW000001', issuingState: 'GBR', type: 'P', status: 'LOST' }], opts('v2', { swap: false }));
    expect(report).toMatchObject({ swapped: false, file: pendingPath(dir) });
    expect(s.check('OLD000001', 'GBR').hit).toBe(true);
    expect(s.reopen()).toEqual({ changed: true, version: 'v2' });
    expect(swapInDocumentList(dir)).toBe(false);
    expect(existsSync(pendingPath(dir))).toBe(false);
    expect(s.check('NEW000001', 'GBR').hit).toBe(true);
  });

  it('swapInDocumentList makes a waiting list live for stores opened afterwards', async () => {
    await importDocumentListRows([{ number: 'OLD000001', issuingState: 'GBR', type: 'P', status: 'LOST' }], opts('v1'));
    const before = store();
    await importDocumentListRows([{ number: 'NEW000001', issuingState: 'GBR', type: 'P', status: 'LOST' }], opts('v2', { swap: false }));
    expect(swapInDocumentList(dir)).toBe(true);
    expect(before.stats().version).toBe('v1');
    expect(store().stats().version).toBe('v2');
    expect(before.reopen()).toEqual({ changed: true, version: 'v2' });
  });

  it('never promotes a damaged waiting file over a working list', async () => {
    await importDocumentListRows([{ number: 'OLD000001', issuingState: 'GBR', type: 'P', status: 'LOST' }], opts('v1'));
    const s = store();
    writeFileSync(pendingPath(dir), 'not a list');
    expect(s.reopen()).toEqual({ changed: false, version: 'v1' });
    expect(existsSync(pendingPath(dir))).toBe(false);
    expect(s.check('OLD000001', 'GBR').hit).toBe(true);
    expect(store().stats().version).toBe('v1');
  });

  it('refuses to open a directory with no list', () => {
    expect(() => DocumentListStore.open(dir)).toThrow(expect.objectContaining({ code: 'NO_LIST' }));
  });
});

describe('documents list interrupted import', () => {
  const v1 = syntheticRows(3000, 11);
  const v2 = syntheticRows(40_000, 12);

  it('an import that fails half-way leaves the live list intact, and a rerun resumes from its checkpoint', async () => {
    await importDocumentListRows(v1, opts('v1'));
    const before = store();

    let transactions = 0;
    const failing = importDocumentListRows(
      v2,
      opts('v2', {
        transactionRows: 4000,
        onProgress: (p) => {
          if (p.phase === 'inserting' && ++transactions === 3) throw new Error('power cut (simulated)');
        },
      }),
    );
    await expect(failing).rejects.toThrow('power cut');

    // The live list is untouched: an open store and a fresh one both still answer from v1.
    expect(before.check(v1[0]!.number, v1[0]!.issuingState)).toMatchObject({ hit: true, listVersion: 'v1' });
    const fresh = store();
    expect(fresh.stats()).toMatchObject({ version: 'v1' });
    expect(fresh.check(v1[1]!.number, v1[1]!.issuingState).hit).toBe(true);
    expect(existsSync(buildingPath(dir))).toBe(true);

    const phases: string[] = [];
    const report = await importDocumentListRows(v2, opts('v2', { transactionRows: 4000, onProgress: (p) => phases.push(`${p.phase}:${p.rows}`) }));
    expect(report.resumedAtKey).toBe(12_000);
    expect(phases).not.toContain('inserting:4000');
    expect(phases).toContain('inserting:16000');
    expect(report.compactRecords).toBe(new Set(v2.map((r) => `${r.issuingState}/${r.number}/${r.type}/${r.status}`)).size);

    expect(before.reopen().version).toBe('v2');
    for (const r of v2.filter((_, i) => i % 10 === 0)) expect(before.check(r.number, r.issuingState).hit).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('watchlist-documents'))).toEqual(['watchlist-documents.db']);
  });

  it('a torn temporary file is discarded and the import restarts clean', async () => {
    await importDocumentListRows(v1, opts('v1'));
    let n = 0;
    const stopAtSecond = (p: { phase: string }) => {
      if (p.phase === 'inserting' && ++n === 2) throw new Error('stop');
    };
    await expect(importDocumentListRows(v2, opts('v2', { transactionRows: 4000, onProgress: stopAtSecond }))).rejects.toThrow('stop');
    // Tear it: overwrite a page in the middle, as a crash during a journal-less write could.
    const path = buildingPath(dir);
    const { openSync, writeSync, closeSync, statSync } = await import('node:fs');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(statSync(path).size / 8192) * 4096);
    closeSync(fd);

    const report = await importDocumentListRows(v2, opts('v2', { transactionRows: 4000 }));
    expect(report.resumedAtKey).toBeNull();
    const s = store();
    for (const r of v2.filter((_, i) => i % 20 === 0)) expect(s.check(r.number, r.issuingState).hit).toBe(true);
  });

  it('another input does not resume a checkpoint of a different list', async () => {
    let n = 0;
    const stopAtSecond = (p: { phase: string }) => {
      if (p.phase === 'inserting' && ++n === 2) throw new Error('stop');
    };
    await expect(importDocumentListRows(v2, opts('v2', { transactionRows: 4000, onProgress: stopAtSecond }))).rejects.toThrow('stop');
    const report = await importDocumentListRows(v2.slice(1), opts('v2b', { transactionRows: 4000 }));
    expect(report.resumedAtKey).toBeNull();
    expect(store().check(v2[0]!.number, v2[0]!.issuingState).entries.length).toBeLessThanOrEqual(1);
  });

  it('refuses unusable files and keeps the live list', async () => {
    await importDocumentListRows(v1, opts('v1'));
    await expect(importDocumentListCsv(csv('bad-header.csv', ['doc,state', 'A1,GBR']), opts('v2'))).rejects.toMatchObject({ code: 'UNUSABLE_FILE' });
    await expect(importDocumentListCsv(csv('empty.csv', []), opts('v2'))).rejects.toMatchObject({ code: 'UNUSABLE_FILE' });
    const garbage = csv('garbage.csv', ['number,issuing_state,type,status', ...Array.from({ length: 10 }, () => '???,123,P,LOST')]);
    await expect(importDocumentListCsv(garbage, opts('v2'))).rejects.toMatchObject({ code: 'TOO_MANY_BAD_ROWS' });
    const openQuote = csv('quote.csv', ['number,issuing_state,type,status', '"A1,GBR,P,LOST']);
    await expect(importDocumentListCsv(openQuote, opts('v2'))).rejects.toBeInstanceOf(DocumentImportError);
    expect(store().stats().version).toBe('v1');
  });

  it('runs one import at a time per directory', async () => {
    const first = importDocumentListRows(v2, opts('a'));
    await expect(importDocumentListRows(v1, opts('b'))).rejects.toMatchObject({ code: 'IMPORT_RUNNING' });
    await expect(first).resolves.toMatchObject({ swapped: true });
    expect(store().stats().version).toBe('a');
  });
});
