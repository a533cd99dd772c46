/**
 * The command APDU length cases of ISO/IEC 7816-4:2013 §5.1 (Table 1 "Command-response pairs",
 * the same cases as ISO/IEC 7816-3:2006 §12.1.3): each row gives the bytes the standard prescribes.
 */
import { describe, expect, it } from 'vitest';
import { ChipDataError } from './errors.js';
import {
  ApduError,
  ChipStatusError,
  decodeCommandApdu,
  describeSw,
  encodeCommandApdu,
  encodeResponseApdu,
  exchange,
  getResponse,
  oddReadBinaryOverhead,
  parseResponseApdu,
  readBinary,
  readBinaryOdd,
  requireOk,
  selectByAid,
  selectEf,
  unwrapOddReadBinary,
  type CommandApdu,
} from './apdu.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const HEAD = { cla: 0x00, ins: 0xb0, p1: 0x01, p2: 0x02 };

describe('encodeCommandApdu: the seven cases of ISO/IEC 7816-4 §5.1', () => {
  const rows: Array<[string, CommandApdu, string]> = [
    ['case 1: header only', HEAD, '00B00102'],
    ['case 2S: Le 01..FF', { ...HEAD, le: 0x10 }, '00B00102 10'],
    ['case 2S: Ne = 256 is written Le = 00', { ...HEAD, le: 256 }, '00B00102 00'],
    ['case 3S: Lc 01..FF then data', { ...HEAD, data: hex('AABB') }, '00B00102 02 AABB'],
    ['case 3S: Nc = 255 still fits one Lc byte', { ...HEAD, data: Buffer.alloc(255, 0x11) }, `00B00102 FF ${'11'.repeat(255)}`],
    ['case 4S: Lc data Le', { ...HEAD, data: hex('AABB'), le: 256 }, '00B00102 02 AABB 00'],
    ['case 2E: 00 then two Le bytes, Ne = 257', { ...HEAD, le: 257 }, '00B00102 00 0101'],
    ['case 2E: Ne = 65536 is written 00 0000', { ...HEAD, le: 65536 }, '00B00102 00 0000'],
    ['case 3E: 00 then two Lc bytes, Nc = 256', { ...HEAD, data: Buffer.alloc(256, 0x22) }, `00B00102 000100 ${'22'.repeat(256)}`],
    ['case 4E: Lc extended forces Le extended, and Le has no 00 prefix', { ...HEAD, data: Buffer.alloc(256, 0x33), le: 16 }, `00B00102 000100 ${'33'.repeat(256)} 0010`],
    ['case 4E: Le extended forces Lc extended', { ...HEAD, data: hex('01'), le: 65536 }, '00B00102 000001 01 0000'],
  ];
  for (const [name, command, expected] of rows) {
    it(name, () => {
      expect(encodeCommandApdu(command).toString('hex')).toBe(hex(expected).toString('hex'));
    });
  }

  it('treats empty data as no data (no Lc field)', () => {
    expect(encodeCommandApdu({ ...HEAD, data: Buffer.alloc(0), le: 4 }).toString('hex')).toBe('00b0010204');
  });

  it('writes extended fields when forced even if short ones would do', () => {
    expect(encodeCommandApdu({ ...HEAD, le: 4 }, { forceExtended: true }).toString('hex')).toBe('00b00102000004');
    expect(encodeCommandApdu({ ...HEAD, data: hex('AA'), le: 4 }, { forceExtended: true }).toString('hex')).toBe('00b00102000001aa0004');
    // Case 1 has no length field to extend.
    expect(encodeCommandApdu(HEAD, { forceExtended: true }).toString('hex')).toBe('00b00102');
  });

  it('refuses fields out of range with INVALID_COMMAND', () => {
    const bad: CommandApdu[] = [
      { ...HEAD, cla: 0x100 },
      { ...HEAD, ins: -1 },
      { ...HEAD, p1: 1.5 },
      { ...HEAD, le: 0 },
      { ...HEAD, le: 65537 },
      { ...HEAD, data: Buffer.alloc(65536) },
    ];
    for (const c of bad) {
      expect(() => encodeCommandApdu(c)).toThrowError(expect.objectContaining({ code: 'INVALID_COMMAND' }));
    }
  });
});

describe('decodeCommandApdu', () => {
  it('decodes every case back to the same command and reports extended fields', () => {
    const commands: CommandApdu[] = [
      HEAD,
      { ...HEAD, le: 1 },
      { ...HEAD, le: 256 },
      { ...HEAD, data: hex('01') },
      { ...HEAD, data: Buffer.alloc(255, 7), le: 255 },
      { ...HEAD, le: 257 },
      { ...HEAD, le: 65536 },
      { ...HEAD, data: Buffer.alloc(300, 9) },
      { ...HEAD, data: Buffer.alloc(65535, 1), le: 65535 },
    ];
    for (const c of commands) {
      const d = decodeCommandApdu(encodeCommandApdu(c));
      expect({ ...d, data: d.data?.toString('hex') }).toEqual({ ...c, data: c.data?.toString('hex'), extended: (c.data?.length ?? 0) > 255 || (c.le ?? 0) > 256 });
    }
  });

  it('rejects bytes that fit no case with MALFORMED_COMMAND', () => {
    for (const bad of ['00B001', '00B00102 0203', '00B00102 03 AABB', '00B00102 00 00', '00B00102 00000000', '00B00102 000002 AA', '00B00102 000001 AA 00']) {
      expect(() => decodeCommandApdu(hex(bad))).toThrowError(expect.objectContaining({ code: 'MALFORMED_COMMAND' }));
    }
  });
});

describe('responses', () => {
  it('splits data and SW1 SW2', () => {
    const r = parseResponseApdu(hex('0102 9000'));
    expect(r.data.toString('hex')).toBe('0102');
    expect(r.sw).toBe(0x9000);
    expect(encodeResponseApdu(r).toString('hex')).toBe('01029000');
  });

  it('rejects fewer than two bytes with MALFORMED_RESPONSE', () => {
    expect(() => parseResponseApdu(Buffer.alloc(1))).toThrowError(ApduError);
    expect(() => parseResponseApdu(Buffer.alloc(0))).toThrowError(expect.objectContaining({ code: 'MALFORMED_RESPONSE' }));
  });

  it('names status words in errors', () => {
    expect(() => requireOk({ data: Buffer.alloc(0), sw: 0x6a82 }, 'SELECT EF.COM')).toThrowError(/SELECT EF.COM failed \(SW 6A82: file or application not found\)/);
    expect(describeSw(0x61ff)).toBe('61FF (255 more bytes available)');
    expect(describeSw(0x6c00)).toBe('6C00 (wrong Le, exact length 256)');
  });
});

describe('interindustry commands', () => {
  it('SELECT by AID without FCI (ICAO 9303-10: 00 A4 04 0C 07 A0000002471001)', () => {
    expect(encodeCommandApdu(selectByAid(hex('A0000002471001'))).toString('hex').toUpperCase()).toBe('00A4040C07A0000002471001');
    expect(encodeCommandApdu(selectByAid(hex('A0000002471001'), { fci: true })).toString('hex').toUpperCase()).toBe('00A4040007A000000247100100');
  });

  it('SELECT EF by file identifier (00 A4 02 0C 02 011E)', () => {
    expect(encodeCommandApdu(selectEf(0x011e)).toString('hex').toUpperCase()).toBe('00A4020C02011E');
  });

  it('READ BINARY with a short EF identifier sets P1 bit 8 and keeps the offset in P2', () => {
    expect(encodeCommandApdu(readBinary(0, 4, 0x1e)).toString('hex').toUpperCase()).toBe('00B09E0004');
    expect(encodeCommandApdu(readBinary(0xdf, 256, 0x01)).toString('hex').toUpperCase()).toBe('00B081DF00');
    expect(() => readBinary(256, 4, 0x01)).toThrowError(/0\.\.255/);
    expect(() => readBinary(0, 4, 31)).toThrowError(/1\.\.30/);
  });

  it('READ BINARY B0 carries 15-bit offsets in P1-P2, no further', () => {
    expect(encodeCommandApdu(readBinary(0x7fff, 0xdf)).toString('hex').toUpperCase()).toBe('00B07FFFDF');
    expect(() => readBinary(0x8000, 1)).toThrowError(/0\.\.32767/);
  });

  it('READ BINARY B1 carries the offset in DO 54 and answers inside DO 53', () => {
    expect(encodeCommandApdu(readBinaryOdd(0x8000, 0xff)).toString('hex').toUpperCase()).toBe('00B1000004540280 00FF'.replace(' ', ''));
    expect(encodeCommandApdu(readBinaryOdd(0x12345, 1000)).toString('hex').toUpperCase()).toBe('00B10000000005540301234503E8');
    expect(unwrapOddReadBinary(hex('5303 010203')).toString('hex')).toBe('010203');
    expect(unwrapOddReadBinary(hex(`5381 80 ${'AB'.repeat(128)}`)).length).toBe(128);
    expect(unwrapOddReadBinary(Buffer.alloc(0)).length).toBe(0);
    for (const bad of ['5403 010203', '5304 010203', '5385 00', '53']) {
      expect(() => unwrapOddReadBinary(hex(bad))).toThrowError(expect.objectContaining({ code: 'MALFORMED_RESPONSE' }));
    }
    expect([0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000].map(oddReadBinaryOverhead)).toEqual([2, 3, 3, 4, 4, 5]);
  });

  it('GET RESPONSE keeps only the logical channel of the original CLA', () => {
    expect(encodeCommandApdu(getResponse(256, 0x1d)).toString('hex').toUpperCase()).toBe('01C0000000');
  });
});

describe('exchange: one protocol step that must answer 9000', () => {
  it('returns the data of a 9000 answer', async () => {
    const data = await exchange(async () => hex('0102 9000'), 'GET CHALLENGE', { cla: 0, ins: 0x84, p1: 0, p2: 0, le: 2 });
    expect(data.toString('hex')).toBe('0102');
  });

  it('names the step and the status word otherwise, as a ChipStatusError that is also a ChipDataError', async () => {
    const err = await exchange(async () => hex('6A82'), 'SELECT EF.COM', { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: hex('011E') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChipStatusError);
    expect(err).toBeInstanceOf(ApduError);
    expect(err).toBeInstanceOf(ChipDataError);
    expect(err).toMatchObject({ code: 'STATUS', sw: 0x6a82 });
    expect((err as Error).message).toBe('SELECT EF.COM failed (SW 6A82: file or application not found)');
  });
});
