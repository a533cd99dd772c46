// Command APDU cases of ISO/IEC 7816-3 §12.1.3 (short and extended Lc/Le) and response parsing.
import { describe, expect, it } from 'vitest';
import { ApduError, ChipStatusError, encodeCommandApdu, exchange, parseCommandApdu, parseResponseApdu } from './apdu.js';

const H = (b: Buffer): string => b.toString('hex').toUpperCase();

describe('command APDUs', () => {
  it('encodes the short cases', () => {
    expect(H(encodeCommandApdu({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Buffer.from('011E', 'hex') }))).toBe('00A4020C02011E');
    expect(H(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 }))).toBe('00B0000000');
    expect(H(encodeCommandApdu({ cla: 0, ins: 0x84, p1: 0, p2: 0, le: 8 }))).toBe('0084000008');
    expect(H(encodeCommandApdu({ cla: 0, ins: 0x22, p1: 0xc1, p2: 0xa4 }))).toBe('0022C1A4');
  });

  it('switches to extended length when Le > 256 or the data exceed 255 bytes', () => {
    expect(H(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 65536 }))).toBe('00B00000000000');
    const apdu = encodeCommandApdu({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: Buffer.alloc(300, 1), le: 1000 });
    expect(H(apdu.subarray(0, 7))).toBe('00D6000000012C');
    expect(H(apdu.subarray(-2))).toBe('03E8');
    expect(parseCommandApdu(apdu)).toMatchObject({ ins: 0xd6, le: 1000 });
  });

  it('refuses inconsistent lengths', () => {
    expect(() => parseCommandApdu(Buffer.from('00A4020C05011E', 'hex'))).toThrow(ApduError);
    expect(() => parseCommandApdu(Buffer.from('00A4', 'hex'))).toThrow(ApduError);
    expect(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, le: 0 })).toThrow(ApduError);
  });
});

describe('responses', () => {
  it('splits data and status word, and refuses fewer than two bytes', () => {
    expect(parseResponseApdu(Buffer.from('60145F019000', 'hex'))).toEqual({ data: Buffer.from('60145F01', 'hex'), sw: 0x9000 });
    expect(() => parseResponseApdu(Buffer.from('90', 'hex'))).toThrow(ApduError);
  });

  it('exchange() requires 9000 and names the step and status otherwise', async () => {
    const err = await exchange(async () => Buffer.from('6A82', 'hex'), 'SELECT EF.COM', { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Buffer.from('011E', 'hex') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChipStatusError);
    expect((err as Error).message).toBe('SELECT EF.COM: the chip answered 6A82 (file not found)');
  });
});
