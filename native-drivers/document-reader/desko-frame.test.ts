import { describe, expect, it } from 'vitest';
import type { DecodeResult } from './decode-result.js';
import { DeskoFrameDecoder, encodeDeskoFrame } from './desko-frame.js';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

function decodeAll(bytes: Uint8Array, opts?: ConstructorParameters<typeof DeskoFrameDecoder>[0]): DecodeResult[] {
  const d = new DeskoFrameDecoder({ now: () => 0, ...opts });
  return [...d.push(bytes), ...d.flush()];
}
const codes = (rs: DecodeResult[]) => rs.map((r) => (r.kind === 'mrz' ? 'mrz' : r.code));

describe('Desko CUTE framing', () => {
  it('lays out a passport frame as <SOD><STX>line CR line CR<ETX><EOD>', () => {
    const f = encodeDeskoFrame(['ABCDEFG', 'HIJKLMN'], { sod: 0x1c, eod: 0x1d });
    expect(f.toString('hex')).toBe('1c02' + Buffer.from('ABCDEFG\rHIJKLMN\r').toString('hex') + '031d');
  });

  it.each([
    ['TD3', TD3],
    ['TD1', TD1],
  ])('round-trips %s with configured SOD/EOD bytes', (_n, lines) => {
    const opts = { sod: 0x0e, eod: 0x0f };
    const frame = encodeDeskoFrame(lines, opts);
    expect(decodeAll(frame, opts)).toEqual([{ kind: 'mrz', lines, raw: frame }]);
    // with the default bytes the same frame is only noise
    expect(codes(decodeAll(frame))).toEqual(['garbage']);
  });

  it.each([
    { name: 'no STX', bytes: Buffer.from([0x1c, 0x41]), code: 'missing-stx' },
    { name: 'wrong EOD', bytes: Buffer.concat([encodeDeskoFrame(TD3).subarray(0, -1), Buffer.from([0x1e])]), code: 'missing-eod' },
    { name: 'control byte in data', bytes: encodeDeskoFrame(['ABC\x00EFG', 'HIJKLMN']), code: 'non-printable' },
    { name: 'one line', bytes: encodeDeskoFrame([TD3[0]!]), code: 'bad-lines' },
    { name: 'line too short', bytes: encodeDeskoFrame(['ABCDEF', 'HIJKLMN']), code: 'bad-lines' },
    { name: 'line too long', bytes: encodeDeskoFrame(['A'.repeat(45), 'HIJKLMN']), code: 'bad-lines' },
    { name: 'no CR after the last line', bytes: Buffer.from('\x1c\x02ABCDEFG\rHIJKLMN\x03\x1d', 'latin1'), code: 'bad-lines' },
    { name: 'more than 1024 data bytes', bytes: Buffer.concat([Buffer.from([0x1c, 0x02]), Buffer.alloc(1100, 0x41)]), code: 'oversize' },
  ])('rejects $name', ({ bytes, code }) => {
    expect(codes(decodeAll(bytes))[0]).toBe(code);
  });

  it('recovers the frame after noise and a truncated frame', () => {
    const good = encodeDeskoFrame(TD3);
    const stream = Buffer.concat([Buffer.from('zz'), good.subarray(0, 30), good]);
    const out = decodeAll(stream);
    expect(codes(out)).toEqual(['garbage', 'non-printable', 'mrz']);
    expect(out[2]).toMatchObject({ lines: TD3 });
  });

  it('rejects a partial frame after silence', () => {
    let t = 0;
    const d = new DeskoFrameDecoder({ now: () => t, interByteTimeoutMs: 100 });
    d.push(encodeDeskoFrame(TD3).subarray(0, 20));
    t = 99;
    expect(d.flushStale()).toEqual([]);
    t = 100;
    expect(codes(d.flushStale())).toEqual(['partial-frame']);
  });

  it('refuses SOD/EOD values that collide with the framing', () => {
    expect(() => new DeskoFrameDecoder({ sod: 0x02 })).toThrow(RangeError);
    expect(() => new DeskoFrameDecoder({ eod: 0x03 })).toThrow(RangeError);
    expect(() => new DeskoFrameDecoder({ eod: 256 })).toThrow(RangeError);
  });
});
