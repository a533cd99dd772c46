// NIST SP 800-38B (2005, updated 2016), Appendix D "Examples": D.1 AES-128 (subkeys and examples
// 1–4, also RFC 4493 §4), D.2 AES-192 (examples 5–8), D.3 AES-256 (examples 9–12). The messages are
// prefixes of one 64-byte string: 0, 16, 40 and 64 bytes long.
import { describe, expect, it } from 'vitest';
import { aesCmac, cmacSubkeys } from './cmac.js';
import { ChipDataError } from './errors.js';

const h = (s: string): Buffer => Buffer.from(s, 'hex');
const M = h(
  '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
);
const LENGTHS = [0, 16, 40, 64] as const;

const CASES = [
  {
    name: 'AES-128 (D.1, examples 1-4)',
    key: '2b7e151628aed2a6abf7158809cf4f3c',
    tags: ['bb1d6929e95937287fa37d129b756746', '070a16b46b4d4144f79bdd9dd04a287c', 'dfa66747de9ae63030ca32611497c827', '51f0bebf7e3b9d92fc49741779363cfe'],
  },
  {
    name: 'AES-192 (D.2, examples 5-8)',
    key: '8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b',
    tags: ['d17ddf46adaacde531cac483de7a9367', '9e99a7bf31e710900662f65e617c5184', '8a1de5be2eb31aad089a82e6ee908b0e', 'a1d5df0eed790f794d77589659f39a11'],
  },
  {
    name: 'AES-256 (D.3, examples 9-12)',
    key: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
    tags: ['028962f61b7bf89efc6b551f4667d983', '28a7023f452e8f82bd4bf28d8c37c35c', 'aaf3d8f1de5640c232f5b169b9c911e6', 'e1992190549f6ed5696a2c056c315410'],
  },
];

describe('AES-CMAC (NIST SP 800-38B Appendix D)', () => {
  it('derives the AES-128 subkeys K1 and K2 of D.1', () => {
    const { k1, k2 } = cmacSubkeys(h('2b7e151628aed2a6abf7158809cf4f3c'));
    expect(k1.toString('hex')).toBe('fbeed618357133667c85e08f7236a8de');
    expect(k2.toString('hex')).toBe('f7ddac306ae266ccf90bc11ee46d513b');
  });

  for (const c of CASES) {
    it(`matches ${c.name}`, () => {
      LENGTHS.forEach((len, i) => {
        expect(aesCmac(h(c.key), M.subarray(0, len)).toString('hex'), `Mlen = ${len * 8}`).toBe(c.tags[i]);
      });
    });
  }

  it('refuses a key that is not an AES key length', () => {
    expect(() => aesCmac(Buffer.alloc(15), M)).toThrow(ChipDataError);
  });
});
