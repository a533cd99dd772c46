// OBJECT IDENTIFIER content octets, X.690 §8.19: the PACE OIDs of ICAO 9303-11 §9.2 and Appendix G.
import { describe, expect, it } from 'vitest';
import { ChipDataError } from './errors.js';
import { OidError, decodeOidValue, encodeOid, encodeOidValue } from './object-identifier.js';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('OBJECT IDENTIFIER codec', () => {
  const cases: [string, string][] = [
    ['0.4.0.127.0.7.2.2.4.2.2', '04007F00070202040202'], // id-PACE-ECDH-GM-AES-CBC-CMAC-128, the MSE:Set AT DO 80 of Appendix G.1
    ['2.23.136.1.1.1', '678108010101'], // id-icao-ldsSecurityObject
    ['1.2.840.113549.1.1.10', '2A864886F70D01010A'], // id-RSASSA-PSS: multi-byte arcs
  ];
  for (const [dotted, value] of cases) {
    it(`${dotted} ⇄ ${value}`, () => {
      expect(encodeOidValue(dotted).toString('hex').toUpperCase()).toBe(value);
      expect(decodeOidValue(h(value))).toBe(dotted);
      expect(encodeOid(dotted).toString('hex').toUpperCase()).toBe(`06${(value.length / 2).toString(16).padStart(2, '0').toUpperCase()}${value}`);
    });
  }

  it('refuses malformed input with an OidError (a ChipDataError)', () => {
    for (const bad of ['', '2A86', '802A']) {
      const err = (() => {
        try {
          decodeOidValue(h(bad));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err, bad).toBeInstanceOf(OidError);
      expect(err, bad).toBeInstanceOf(ChipDataError);
    }
    for (const bad of ['1', '1.2.x', '3.1', '1.40']) expect(() => encodeOidValue(bad), bad).toThrow(OidError);
  });
});
