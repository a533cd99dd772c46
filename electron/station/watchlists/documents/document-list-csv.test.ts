import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ListCsvReader, UnusableListFileError } from './document-list-csv.js';
import { ListAccumulator } from './list-accumulator.js';

/** Everything a reader leaves in the accumulator, comparable with toEqual. */
function read(csv: string, fast: boolean, chunk: number) {
  const acc = new ListAccumulator('LIST', 100);
  const reader = new ListCsvReader(acc, () => {}, fast);
  const bytes = new TextEncoder().encode(csv);
  for (let i = 0; i < bytes.length; i += chunk) reader.push(bytes.subarray(i, i + chunk));
  reader.end();
  return {
    rows: acc.rowsRead,
    keys: Array.from(acc.pairs.subarray(0, acc.count * 2)),
    details: { keys: Array.from(acc.detKeys.subarray(0, acc.detCount * 2)), sources: acc.detSource, references: acc.detReference },
    longs: acc.longs.map((l) => [l.stateId, l.number, l.ts, l.sourceId, l.reference]),
    states: acc.statePacked,
    sources: acc.sourceNames,
    bad: acc.badRowSamples.map((b) => [b.line, b.reason]),
    badRows: acc.badRows,
  };
}

const numberField = fc.oneof(
  fc.stringMatching(/^[0-9A-Z]{1,9}$/),
  fc.stringMatching(/^[0-9a-zA-Z<\- ]{0,14}$/),
  fc.stringMatching(/^[0-9A-Z]{10,26}$/),
  fc.constantFrom('', 'AB!12', 'Ä123', '12"3'),
);
const stateField = fc.oneof(fc.constantFrom('GBR', 'd<<', 'DEU', 'XXA', 'fra', 'UTO'), fc.stringMatching(/^[A-Za-z<1 ]{0,4}$/));
const typeField = fc.constantFrom('P', 'p', 'I', 'ID card', 'passport', '', 'Q', 'VISA');
const statusField = fc.constantFrom('LOST', 'stolen', 'S', 'stolen blank', '', 'MISLAID');
const freeText = fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9 /-]{1,12}$/), fc.constantFrom('Ref, "quoted"', 'line\nbreak', 'é'));

const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
const row = fc.record({
  fields: fc.tuple(numberField, stateField, typeField, statusField, freeText, freeText),
  // Mostly unquoted, so that most rows take the fast path and some the general one.
  quoted: fc.array(fc.constantFrom(false, false, false, false, false, false, false, false, false, true), { minLength: 6, maxLength: 6 }),
  shape: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'short', 'long', 'blank'),
});

describe('list CSV reader', () => {
  it('reads every file the same on the fast path as on the general one, whatever the chunking', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 64 }), (rows, eol, chunk) => {
        const lines = rows.map(({ fields, quoted, shape }) => {
          if (shape === 'blank') return '';
          const cells = fields.map((f, i) => (quoted[i] || /[",\n\r]/.test(f) ? quote(f) : f));
          if (shape === 'short') cells.pop();
          if (shape === 'long') cells.push('extra');
          return cells.join(',');
        });
        const csv = ['number,issuing_state,type,status,source,reference', ...lines].join(eol) + eol;
        const fast = read(csv, true, chunk);
        expect(fast).toEqual(read(csv, false, 1 << 20));
        expect(fast.rows).toBe(rows.filter((r) => r.shape !== 'blank').length);
      }),
      { numRuns: 300 },
    );
  });

  it('reads columns in any order and ignores the ones it does not know', () => {
    const a = read('status,extra,issuing_state,number,type\nLOST,x,GBR,123456789,P\n', true, 7);
    const b = read('number,issuing_state,type,status\n123456789,GBR,P,LOST\n', true, 7);
    expect(a.keys).toEqual(b.keys);
    expect(a.badRows).toBe(0);
  });

  it('reports the physical line of a bad row after a quoted line break', () => {
    const r = read('number,issuing_state,type,status,source,reference\n1,GBR,P,LOST,,"two\nlines"\nAB!,GBR,P,LOST,,\n', true, 5);
    expect(r.bad).toEqual([[4, 'invalid document number']]);
  });

  it('refuses a file without the required columns', () => {
    expect(() => read('doc,state\nA1,GBR\n', true, 100)).toThrow(UnusableListFileError);
  });
});
