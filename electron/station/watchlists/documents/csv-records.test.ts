import { describe, expect, it } from 'vitest';
import { CsvFormatError, CsvRecordReader, fieldText, type CsvRecord } from './csv-records.js';

function records(text: string | Uint8Array, chunkSize = Infinity): Array<{ line: number; fields: string[]; malformed: boolean }> {
  const out: Array<{ line: number; fields: string[]; malformed: boolean }> = [];
  const reader = new CsvRecordReader((r: CsvRecord) => out.push({ line: r.line, fields: Array.from({ length: r.count }, (_, i) => fieldText(r, i)), malformed: r.malformed }));
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const step = Math.min(chunkSize, bytes.length || 1);
  for (let i = 0; i < bytes.length; i += step) reader.push(bytes.subarray(i, i + step));
  reader.end();
  return out;
}

const SAMPLE = '\ufeffnumber,issuing_state\r\nA1,"GB, R"\r\n\r\n"multi\nline ""quoted""",X\nlast,row';

describe('CSV records', () => {
  it('splits fields, quotes, CRLF, blank lines and a final line without a break; lines are physical', () => {
    expect(records(SAMPLE)).toEqual([
      { line: 1, fields: ['number', 'issuing_state'], malformed: false },
      { line: 2, fields: ['A1', 'GB, R'], malformed: false },
      { line: 4, fields: ['multi\nline "quoted"', 'X'], malformed: false },
      { line: 6, fields: ['last', 'row'], malformed: false },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = records(SAMPLE);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(records(SAMPLE, size)).toEqual(whole);
  });

  it('keeps UTF-8 text and empty fields', () => {
    expect(records('a,,"",é\n')).toEqual([{ line: 1, fields: ['a', '', '', 'é'], malformed: false }]);
  });

  it('flags text after a closing quote, but reads on', () => {
    expect(records('"a"b,c\nd,e\n')).toEqual([
      { line: 1, fields: ['a', 'c'], malformed: true },
      { line: 2, fields: ['d', 'e'], malformed: false },
    ]);
  });

  it('refuses an unterminated quote at the end of the file, naming the line', () => {
    expect(() => records('a,b\n"open,c\nd\n')).toThrow(CsvFormatError);
    expect(() => records('a,b\n"open,c\nd\n')).toThrow(/line 2/);
  });
});
