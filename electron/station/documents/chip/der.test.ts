// DER reading per X.690 §8.3 (INTEGER), §8.19 (OBJECT IDENTIFIER), §8.6 (BIT STRING), RFC 5280
// §4.1.2.5 (UTCTime years 50–99 are 19xx), and RFC 5280 §7.1 name comparison.
import { describe, expect, it } from 'vitest';
import { Asn1Error, encodeOid, parseDer, readBitString, readInteger, readOid, readString, readTime } from './der.js';
import { namesEqual, readName } from './x509.js';
import { name } from '../../../../native-drivers/simulators/chip/pki/test-pki.js';
import { OID } from './oid.js';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('OBJECT IDENTIFIER', () => {
  const cases: [string, string][] = [
    ['2.23.136.1.1.1', '0606678108010101'], // id-icao-ldsSecurityObject, as in every EF.SOD
    ['1.2.840.113549.1.7.2', '06092A864886F70D010702'], // id-signedData
    ['0.4.0.127.0.7.2.2.4.2.2', '060A04007F00070202040202'], // id-PACE-ECDH-GM-AES-CBC-CMAC-128 (9303-11 G.1)
  ];
  for (const [dotted, der] of cases) {
    it(`${dotted} ⇄ ${der}`, () => {
      expect(readOid(parseDer(h(der)))).toBe(dotted);
      expect(encodeOid(dotted).toString('hex').toUpperCase()).toBe(der);
    });
  }
  it('refuses a truncated sub-identifier and a leading 0x80 group', () => {
    expect(() => readOid(parseDer(h('0602 2A86')))).toThrow(Asn1Error);
    expect(() => readOid(parseDer(h('0602 802A')))).toThrow(/leading zero/);
  });
});

describe('INTEGER', () => {
  it('reads two’s complement values, including the negative serials some CSCAs carry', () => {
    expect(readInteger(parseDer(h('020100')))).toBe(0n);
    expect(readInteger(parseDer(h('020180')))).toBe(-128n);
    expect(readInteger(parseDer(h('02020080')))).toBe(128n);
    expect(readInteger(parseDer(h('0206 0142FD5CF927')))).toBe(0x0142fd5cf927n);
    expect(() => readInteger(parseDer(h('0200')))).toThrow(Asn1Error);
  });
});

describe('Time', () => {
  it('UTCTime maps 50–99 to 19xx and 00–49 to 20xx', () => {
    expect(readTime(parseDer(Buffer.concat([h('170D'), Buffer.from('491231235959Z')]))).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(readTime(parseDer(Buffer.concat([h('170D'), Buffer.from('500101000000Z')]))).toISOString()).toBe('1950-01-01T00:00:00.000Z');
  });
  it('GeneralizedTime with and without fractions, and time zone offsets', () => {
    expect(readTime(parseDer(Buffer.concat([h('180F'), Buffer.from('20500101120000Z')]))).toISOString()).toBe('2050-01-01T12:00:00.000Z');
    expect(readTime(parseDer(Buffer.concat([h('1813'), Buffer.from('20500101120000.250Z')]))).toISOString()).toBe('2050-01-01T12:00:00.250Z');
    expect(readTime(parseDer(Buffer.concat([h('1711'), Buffer.from('130101120000+0100')])))).toEqual(new Date('2013-01-01T11:00:00Z'));
  });
  it('refuses impossible dates', () => {
    expect(() => readTime(parseDer(Buffer.concat([h('170D'), Buffer.from('491331235959Z')])))).toThrow(/not a valid date/);
    expect(() => readTime(parseDer(Buffer.concat([h('170D'), Buffer.from('ABCDEFGHIJKLM')])))).toThrow(Asn1Error);
  });
});

describe('strings and bit strings', () => {
  it('decodes BMPString as UTF-16BE', () => {
    expect(readString(parseDer(h('1E04 00C4 0042')))).toBe('ÄB');
  });
  it('refuses a BIT STRING with more than 7 unused bits', () => {
    expect(readBitString(parseDer(h('0302 0780'))).unusedBits).toBe(7);
    expect(() => readBitString(parseDer(h('0302 0880')))).toThrow(/unused bits/);
  });
});

describe('distinguished names', () => {
  it('compares equal across case, spacing and string type, and differ on other values', () => {
    const a = readName(parseDer(name({ C: 'UT', O: 'Utopia', CN: 'Utopia CSCA' })), 'a');
    const b = readName(parseDer(name({ C: 'ut', O: 'UTOPIA ', CN: 'utopia   csca' })), 'b');
    const c = readName(parseDer(name({ C: 'UT', O: 'Utopia', CN: 'Utopia CSCA 2' })), 'c');
    expect(a.der.equals(b.der)).toBe(false);
    expect(namesEqual(a, b)).toBe(true);
    expect(namesEqual(a, c)).toBe(false);
    expect(a.rdns[0]?.[0]).toEqual({ type: OID.countryName, value: 'UT' });
  });
});
