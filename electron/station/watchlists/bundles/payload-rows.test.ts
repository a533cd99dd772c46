import { describe, expect, it } from 'vitest';
import { createRowDecoder, type PayloadEntry, type RowDecoderOptions } from './payload-rows.js';

function decode(text: string | Buffer, o: Partial<RowDecoderOptions> = {}): PayloadEntry[] {
  const d = createRowDecoder({ format: 'jsonl', type: 'full', keyFields: ['id'], errorCode: 'MALFORMED_PAYLOAD', ...o });
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  // one byte at a time: every boundary, including inside UTF-8 sequences
  const out: PayloadEntry[] = [];
  for (const b of bytes) out.push(...d.push(Buffer.from([b])));
  out.push(...d.end());
  expect(d.records).toBe(out.length);
  return out;
}

describe('payload rows', () => {
  it('reads JSON lines with CRLF, a leading byte-order mark and no final newline', () => {
    expect(decode('\ufeff{"id":"a","n":1}\r\n{"id":"ü","tags":["x"]}')).toEqual([
      { op: 'upsert', row: { id: 'a', n: 1 } },
      { op: 'upsert', row: { id: 'ü', tags: ['x'] } },
    ]);
    expect(decode('\ufeffid,name\r\n7,"Ö, A"\r\n', { format: 'csv' })).toEqual([{ op: 'upsert', row: { id: '7', name: 'Ö, A' } }]);
  });

  it('separates upserts from removals in a delta and drops the _op field', () => {
    expect(decode('{"_op":"remove","id":"a"}\n{"_op":"upsert","id":"b","x":null}\n', { type: 'delta' })).toEqual([
      { op: 'remove', key: { id: 'a' } },
      { op: 'upsert', row: { id: 'b', x: null } },
    ]);
  });

  it.each([
    ['{"id":"a"}\n\n{"id":"b"}\n', {}, /line 2 is empty/],
    ['[1,2]\n', {}, /line 1 is not a JSON object/],
    ['{"id":1}\n', {}, /key field "id" must be a non-empty string/],
    ['{"id":"a",\n', {}, /line 1 is not valid JSON/],
    ['{"id":"a","__proto__":{"admin":true}}\n', {}, /"__proto__" is not allowed/],
    ['{"id":"a","x":[{"__proto__":1}]}\n', {}, /"__proto__" is not allowed/],
    ['{"_op":"upsert","id":"a"}\n', {}, /a full list has no "_op" field/],
    ['{"id":"a"}\n', { type: 'delta' as const }, /each line of a delta needs "_op"/],
    ['{"_op":"remove","id":"a","why":"x"}\n', { type: 'delta' as const }, /a removal carries only its key, but "why" is present/],
    ['{"_op":"replace","id":"a"}\n', { type: 'delta' as const }, /_op must be "upsert" or "remove"/],
    ['id,id\n', { format: 'csv' as const }, /field "id" appears twice/],
    ['', { format: 'csv' as const }, /no header line/],
  ])('refuses %j', (text, o, message) => {
    expect(() => decode(text, o)).toThrow(message);
  });

  it('allows "__proto__" as a value, and deep nesting without overflowing the stack', () => {
    expect(decode('{"id":"a","name":"__proto__"}\n')).toEqual([{ op: 'upsert', row: { id: 'a', name: '__proto__' } }]);
    const deep = '['.repeat(100_000) + '"__proto__"' + ']'.repeat(100_000);
    const d = createRowDecoder({ format: 'jsonl', type: 'full', keyFields: ['id'], errorCode: 'MALFORMED_PAYLOAD' });
    expect(d.push(Buffer.from(`{"id":"a","x":${deep}}\n`))).toHaveLength(1);
  });

  it('refuses a line that never ends instead of buffering it', () => {
    const d = createRowDecoder({ format: 'jsonl', type: 'full', keyFields: ['id'], errorCode: 'MALFORMED_PAYLOAD' });
    expect(() => d.push(Buffer.alloc((1 << 20) + 10, 0x61))).toThrow(/longer than/);
  });

  it('uses the error code it was given (INVALID_INPUT at headquarters)', () => {
    expect(() => decode('x\n', { errorCode: 'INVALID_INPUT' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
