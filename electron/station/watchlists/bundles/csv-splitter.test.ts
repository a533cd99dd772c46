import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter, CsvSyntaxError, MAX_RECORD_CHARS } from './csv-splitter.js';

function split(text: string, pieces: number[] = [text.length]): string[][] {
  const s = new CsvSplitter();
  const out: string[][] = [];
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const n = Math.max(1, pieces[i % pieces.length] as number);
    out.push(...s.push(text.slice(at, at + n)).map((r) => r.fields));
    at += n;
  }
  out.push(...s.end().map((r) => r.fields));
  return out;
}

const quote = (f: string): string => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);

describe('CSV splitter', () => {
  it.each([
    ['a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['a,"b,c"\n', [['a', 'b,c']]],
    ['"x ""y"" z",\n', [['x "y" z', '']]],
    ['"two\nlines",b\nc,d\n', [['two\nlines', 'b'], ['c', 'd']]],
    ['"",""\n', [['', '']]],
    [',\n', [['', '']]],
    ['a\n\nb\n', [['a'], [''], ['b']]],
    ['"a"\r\n', [['a']]],
  ])('%j', (text, records) => {
    expect(split(text)).toEqual(records);
    expect(split(text, [1])).toEqual(records);
  });

  it.each([
    ['a,"b\n', /never closed/],
    ['a,"b"c\n', /text follows a closing quote/],
    ['a,b"c\n', /quote inside an unquoted field/],
    [`${'x,'.repeat(300)}\n`, /more than 256 fields/],
  ])('refuses %j', (text, message) => {
    expect(() => split(text)).toThrow(message);
  });

  it('names the physical line of a bad record, counting line breaks inside quotes', () => {
    expect(() => split('a,b\n"1\n2",3\nx,"y\n')).toThrow(expect.objectContaining({ line: 4 }));
  });

  it('refuses a record that never ends instead of buffering it', () => {
    const s = new CsvSplitter();
    s.push('"');
    expect(() => s.push('x'.repeat(MAX_RECORD_CHARS + 1))).toThrow(CsvSyntaxError);
  });

  it('reads back any table a quoting writer produces, however the text is cut', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', ',', '"', '\n', '\r', 'é', '😀'), maxLength: 8 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((width) => fc.tuple(fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), fc.boolean())), ([rows, pieces, crlf]) => {
        // A lone empty field would be an empty line, which is indistinguishable from one empty field; quote it.
        const text = rows.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
        expect(split(text, pieces)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
