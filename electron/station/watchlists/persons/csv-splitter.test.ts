import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter, MAX_ROW_CHARS, type CsvRow } from './csv-splitter.js';

function split(chunks: string[]): CsvRow[] {
  const s = new CsvSplitter();
  const rows: CsvRow[] = [];
  for (const c of chunks) s.push(c, (r) => rows.push(r));
  s.end((r) => rows.push(r));
  return rows;
}

describe('CsvSplitter', () => {
  it.each([
    ['plain', 'a,b,c\n1,2,3\n', [['a', 'b', 'c'], ['1', '2', '3']], [1, 2]],
    ['no final line break', 'a,b\n1,2', [['a', 'b'], ['1', '2']], [1, 2]],
    ['CRLF', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']], [1, 2]],
    ['quoted comma and doubled quote', 'x,"a, ""b"""\n', [['x', 'a, "b"']], [1]],
    ['empty fields', ',,\n', [['', '', '']], [1]],
    ['line break inside quotes moves the next row down', 'a,"one\ntwo"\nb,c\n', [['a', 'one\ntwo'], ['b', 'c']], [1, 3]],
    ['empty quoted field', '"",x\n', [['', 'x']], [1]],
  ])('%s', (_name, text, fields, lines) => {
    const rows = split([text as string]);
    expect(rows.map((r) => r.fields)).toEqual(fields);
    expect(rows.map((r) => r.line)).toEqual(lines);
    expect(rows.every((r) => r.malformed === undefined)).toBe(true);
  });

  it('flags a quote inside an unquoted field and text after a closing quote, and keeps going', () => {
    const rows = split(['a,b"c\n"x"y,z\nok,1\n']);
    expect(rows[0]!.malformed).toMatch(/quote inside/);
    expect(rows[1]!.malformed).toMatch(/after a closing quote/);
    expect(rows[2]).toEqual({ line: 3, fields: ['ok', '1'] });
  });

  it('reports a quote left open at the end of the file', () => {
    const rows = split(['a,b\nc,"never closed\nmore\n']);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.line).toBe(2);
    expect(rows[1]!.malformed).toMatch(/not closed/);
  });

  it('gives up on a runaway quoted field after MAX_ROW_CHARS instead of holding the file in memory', () => {
    const s = new CsvSplitter();
    const rows: CsvRow[] = [];
    s.push('id,"', (r) => rows.push(r));
    s.push('x'.repeat(MAX_ROW_CHARS + 10), (r) => rows.push(r));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.malformed).toMatch(/longer than/);
  });

  it('returns the same rows wherever the chunk boundaries fall', () => {
    const field = fc.oneof(fc.stringMatching(/^[a-z ,"\n]{0,6}$/), fc.constant(''));
    const quote = (f: string) => (/[,"\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 5 }), (table, cuts) => {
        const text = table.map((r) => r.map(quote).join(',')).join('\n') + '\n';
        const whole = split([text]);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(text.slice(prev, p));
          prev = p;
        }
        chunks.push(text.slice(prev));
        expect(split(chunks)).toEqual(whole);
        expect(whole.map((r) => r.fields)).toEqual(table);
      }),
      { numRuns: 300 },
    );
  });
});
