import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodeResult, RejectedFrame } from './decode-result.js';
import { encodeRteFrame, RteFrameDecoder, rteXorBcc, type RteBccMode } from './rte-frame.js';

// ICAO 9303 specimens (part 4 TD3, part 6 TD2, part 5 TD1).
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

const hex = (s: string): Buffer => Buffer.from(s.replace(/#.*$/gm, '').replace(/\s+/g, ''), 'hex');
const ascii = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

/** The TD3 specimen as the reader sends it with the default options, byte by byte. */
const TD3_FRAME = hex(`
  01                                   # SOH
  60 00                                # length 96 = bytes from 'O' through ETX (91 data + 5)
  4f 55                                # 'O' optical, 'U' unsolicited
  02                                   # STX
  00                                   # flag
  0d                                   # line 1: absent on a two-line document, sent empty
  ${ascii(TD3[0]!)} 0d                 # line 2, 44 characters, no padding needed
  ${ascii(TD3[1]!)} 0d                 # line 3
  03                                   # ETX
  7d                                   # BCC: XOR of bytes 1..ETX
`);

function decodeAll(bytes: Uint8Array, opts?: ConstructorParameters<typeof RteFrameDecoder>[0]): DecodeResult[] {
  const d = new RteFrameDecoder({ now: () => 0, ...opts });
  return [...d.push(bytes), ...d.flush()];
}

function onlyRejection(results: DecodeResult[]): RejectedFrame {
  expect(results).toHaveLength(1);
  const r = results[0]!;
  if (r.kind !== 'rejected') throw new Error(`expected a rejection, got ${JSON.stringify(r)}`);
  return r;
}

describe('encodeRteFrame', () => {
  it('lays out the TD3 specimen exactly as pinned', () => {
    expect(TD3_FRAME).toHaveLength(100);
    expect(encodeRteFrame(TD3).toString('hex')).toBe(TD3_FRAME.toString('hex'));
  });

  it('computes the BCC as the XOR of every byte after SOH through ETX', () => {
    const frame = encodeRteFrame(TD3);
    let x = 0;
    for (let i = 1; i < frame.length - 1; i++) x ^= frame[i]!;
    expect(frame[frame.length - 1]).toBe(x);
    expect(rteXorBcc(frame.subarray(1, -1))).toBe(0x7d);
  });

  it.each([
    { name: 'TD1', lines: TD1, body: `${TD1[0]}\r${TD1[1]}\r${TD1[2]}\r` },
    { name: 'TD2 (36 → 44)', lines: TD2, body: `\r${TD2[0]}________\r${TD2[1]}________\r` },
    { name: 'TD3', lines: TD3, body: `\r${TD3[0]}\r${TD3[1]}\r` },
    { name: 'short TD1 line', lines: ['I<UTO', TD1[1]!, TD1[2]!], body: `I<UTO${'_'.repeat(25)}\r${TD1[1]}\r${TD1[2]}\r` },
    { name: 'one line', lines: ['ABC'], body: `\r\rABC${'_'.repeat(41)}\r` },
  ])('pads $name and puts the bottom line on line 3', ({ lines, body }) => {
    const frame = encodeRteFrame(lines);
    const length = frame[1]! | (frame[2]! << 8);
    expect(frame.subarray(7, frame.length - 2).toString('latin1')).toBe(body);
    expect(length).toBe(body.length + 5);
    expect(frame).toHaveLength(length + 4);
  });

  it("omits the BCC byte with bcc 'none' and keeps the same length field", () => {
    const withBcc = encodeRteFrame(TD3);
    const without = encodeRteFrame(TD3, { bcc: 'none' });
    expect(without.toString('hex')).toBe(withBcc.subarray(0, -1).toString('hex'));
  });

  it.each([
    { lines: [], why: 'no lines' },
    { lines: ['A', 'B', 'C', 'D'], why: 'four lines' },
    { lines: ['x'.repeat(45)], why: 'too long for 44' },
    { lines: ['x'.repeat(31), 'y', 'z'], why: 'too long for TD1' },
    { lines: ['A\rB'], why: 'CR inside a line' },
    { lines: ['É'], why: 'non-ASCII' },
  ])('refuses $why', ({ lines }) => {
    expect(() => encodeRteFrame(lines)).toThrow(RangeError);
  });
});

describe('RteFrameDecoder', () => {
  it('decodes the pinned TD3 frame', () => {
    const [r, ...rest] = decodeAll(TD3_FRAME);
    expect(rest).toEqual([]);
    expect(r).toEqual({ kind: 'mrz', lines: TD3, raw: TD3_FRAME });
  });

  it.each([
    ['TD1', TD1],
    ['TD2', TD2],
    ['TD3', TD3],
  ])('round-trips %s with every BCC mode', (_name, lines) => {
    for (const bcc of ['xor', 'none', 'unchecked'] as RteBccMode[]) {
      expect(decodeAll(encodeRteFrame(lines, { bcc }), { bcc })).toEqual([{ kind: 'mrz', lines, raw: encodeRteFrame(lines, { bcc }) }]);
    }
  });

  it('round-trips any printable lines (property)', () => {
    const line = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 30 })
      .filter((l) => !l.endsWith('_'));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 3 }), fc.constantFrom<RteBccMode>('xor', 'none', 'unchecked'), fc.integer({ min: 0, max: 255 }), (lines, bcc, flag) => {
        const results = decodeAll(encodeRteFrame(lines, { bcc, flag }), { bcc });
        expect(results).toHaveLength(1);
        expect(results[0]).toMatchObject({ kind: 'mrz', lines });
      }),
    );
  });

  it("accepts a wrong BCC in 'unchecked' mode but not in 'xor' mode", () => {
    const frame = encodeRteFrame(TD3);
    frame[frame.length - 1]! ^= 0x01;
    expect(decodeAll(frame, { bcc: 'unchecked' })[0]).toMatchObject({ kind: 'mrz', lines: TD3 });
    const r = onlyRejection(decodeAll(frame));
    expect(r.code).toBe('bad-bcc');
    expect(r.reason).toBe('bad BCC: expected 0x7d, got 0x7c');
    expect(r.raw.equals(frame)).toBe(true);
  });

  const mutate = (edit: (f: Buffer) => Buffer) => edit(Buffer.from(TD3_FRAME));
  it.each([
    { name: 'reserved length bits', frame: mutate((f) => ((f[2] = 0x40), f)), code: 'bad-length', reason: /reserved bits/ },
    { name: 'length below minimum', frame: mutate((f) => ((f[1] = 7), f)), code: 'bad-length', reason: /below the minimum 8/ },
    { name: 'declared length too big', frame: mutate((f) => ((f[1] = 0xff), (f[2] = 0x3f), f)), code: 'oversize', reason: /exceeds the 4032-byte limit/ },
    { name: 'not optical', frame: mutate((f) => ((f[3] = 0x4d), f)), code: 'bad-header', reason: /'O'.*offset 3, got 0x4d/ },
    { name: 'not unsolicited', frame: mutate((f) => ((f[4] = 0x53), f)), code: 'bad-header', reason: /'U'.*offset 4/ },
    { name: 'no STX', frame: mutate((f) => ((f[5] = 0x20), f)), code: 'missing-stx', reason: /STX at offset 5, got 0x20/ },
    { name: 'control byte in data', frame: mutate((f) => ((f[20] = 0x00), f)), code: 'non-printable', reason: /offset 20, got 0x00/ },
    { name: 'high byte in data', frame: mutate((f) => ((f[20] = 0xc9), f)), code: 'non-printable', reason: /offset 20, got 0xc9/ },
    { name: 'length one short (ETX not where declared)', frame: mutate((f) => ((f[1] = 0x5f), f)), code: 'missing-etx', reason: /ETX \(declared length 95\) at offset 97, got 0x0d/ },
  ])('rejects $name', ({ frame, code, reason }) => {
    const [first] = decodeAll(frame);
    expect(first).toMatchObject({ kind: 'rejected', code });
    expect((first as RejectedFrame).reason).toMatch(reason);
    expect((first as RejectedFrame).raw[0]).toBe(0x01);
  });

  it('reports the rest of a rejected frame once, not again as garbage', () => {
    const frame = mutate((f) => ((f[5] = 0x20), f));
    const results = decodeAll(frame);
    expect(results.map((r) => r.kind === 'rejected' && r.code)).toEqual(['missing-stx', 'garbage']);
    // raw of the rejection covered bytes 0..5; garbage starts after it
    expect((results[1] as RejectedFrame).reason).toBe(`${frame.length - 6} byte(s) of garbage before SOH`);
  });

  it('rejects a body that is not three CR-terminated lines', () => {
    const body = Buffer.from(`${TD3[0]}\r${TD3[1]}\r`, 'latin1');
    const len = body.length + 5;
    const frame = Buffer.concat([Buffer.from([0x01, len, 0, 0x4f, 0x55, 0x02, 0]), body, Buffer.from([0x03])]);
    const full = Buffer.concat([frame, Buffer.from([rteXorBcc(frame.subarray(1))])]);
    const r = onlyRejection(decodeAll(full));
    expect(r.code).toBe('bad-lines');
    expect(r.reason).toBe('expected 3 CR-terminated lines, found 2 CR(s)');
    expect(r.reason).not.toContain('ERIKSSON');
  });

  it('rejects a read with three empty lines', () => {
    const r = onlyRejection(decodeAll(encodeRteFrame(['', '', '___'])));
    expect(r.code).toBe('bad-lines');
  });

  it('reports garbage before SOH once and still decodes the frame after it', () => {
    const d = new RteFrameDecoder({ now: () => 0 });
    const out = [...d.push(Buffer.from('noise\xff\x02\x03', 'latin1')), ...d.push(Buffer.from([0x00])), ...d.push(TD3_FRAME)];
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ kind: 'rejected', code: 'garbage', reason: '9 byte(s) of garbage before SOH' });
    expect((out[0] as RejectedFrame).raw.toString('latin1')).toBe('noise\xff\x02\x03\x00');
    expect(out[1]).toMatchObject({ kind: 'mrz', lines: TD3 });
  });

  it('decodes back-to-back frames delivered one byte at a time', () => {
    const d = new RteFrameDecoder({ now: () => 0 });
    const stream = Buffer.concat([encodeRteFrame(TD1), encodeRteFrame(TD3), encodeRteFrame(TD2)]);
    const out: DecodeResult[] = [];
    for (const b of stream) out.push(...d.push(Buffer.from([b])));
    expect(out.map((r) => (r.kind === 'mrz' ? r.lines : r.reason))).toEqual([TD1, TD3, TD2]);
    expect(d.bufferedBytes).toBe(0);
  });

  it('rejects a partial frame after the inter-byte timeout, not before', () => {
    let t = 1000;
    const d = new RteFrameDecoder({ now: () => t, interByteTimeoutMs: 500 });
    expect(d.push(TD3_FRAME.subarray(0, 40))).toEqual([]);
    expect(d.pendingDeadline).toBe(1500);
    t = 1499;
    expect(d.flushStale()).toEqual([]);
    t = 1500;
    const r = onlyRejection(d.flushStale());
    expect(r.code).toBe('partial-frame');
    expect(r.reason).toMatch(/^partial frame/);
    expect(r.raw.equals(TD3_FRAME.subarray(0, 40))).toBe(true);
    expect(d.pendingDeadline).toBeUndefined();
    expect(d.push(TD3_FRAME)).toMatchObject([{ kind: 'mrz', lines: TD3 }]);
  });

  it('does not glue a new read onto a stale partial one even if nobody called flushStale', () => {
    let t = 0;
    const d = new RteFrameDecoder({ now: () => t, interByteTimeoutMs: 500 });
    d.push(TD3_FRAME.subarray(0, 60));
    t = 10_000;
    const out = d.push(TD3_FRAME);
    expect(out.map((r) => (r.kind === 'mrz' ? 'mrz' : r.code))).toEqual(['partial-frame', 'mrz']);
  });

  it('keeps a frame whose bytes arrive within the timeout of each other', () => {
    let t = 0;
    const d = new RteFrameDecoder({ now: () => t, interByteTimeoutMs: 500 });
    const out: DecodeResult[] = [];
    for (let i = 0; i < TD3_FRAME.length; i += 10) {
      t += 400; // slow line, but never 500 ms of silence
      out.push(...d.flushStale(), ...d.push(TD3_FRAME.subarray(i, i + 10)));
    }
    expect(out).toMatchObject([{ kind: 'mrz', lines: TD3 }]);
  });

  it('stays within its buffer cap under a flood and reports it as garbage', () => {
    const d = new RteFrameDecoder({ now: () => 0 });
    const flood = Buffer.alloc(1 << 20, 0x41);
    const out = d.push(flood);
    expect(d.bufferedBytes).toBeLessThanOrEqual(4096);
    const total = [...out, ...d.flush()].reduce((n, r) => n + Number(/^(\d+) byte/.exec((r as RejectedFrame).reason)?.[1] ?? 0), 0);
    expect(total).toBe(flood.length);
  });

  it('caps a frame that never ends (SOH followed by an endless plausible body)', () => {
    const d = new RteFrameDecoder({ now: () => 0, maxBufferedBytes: 512 });
    // length 0x3fff is over the cap: rejected as soon as the length is known
    expect(d.push(Buffer.from([0x01, 0xff, 0x3f]))).toMatchObject([{ kind: 'rejected', code: 'oversize' }]);
    expect(d.bufferedBytes).toBe(0);
  });

  it('never throws on input that is not bytes', () => {
    const d = new RteFrameDecoder();
    expect(d.push(undefined as unknown as Uint8Array)).toEqual([]);
    expect(d.push('SOH' as unknown as Uint8Array)).toEqual([]);
  });

  it('refuses impossible options', () => {
    expect(() => new RteFrameDecoder({ maxBufferedBytes: 10 })).toThrow(RangeError);
    expect(() => new RteFrameDecoder({ bcc: 'crc' as RteBccMode })).toThrow(RangeError);
    expect(() => new RteFrameDecoder({ interByteTimeoutMs: 0 })).toThrow(RangeError);
  });
});
