// Known-answer tests from ICAO Doc 9303 Part 11 (8th ed., 2021), Appendix D "Worked example: Basic
// Access Control": D.2 (computing keys from the MRZ), D.3 (authentication and session keys).
// The values are the ones the appendix prints; the same numbers appear in public implementations'
// tests (e.g. jcexpress IcaoAppendixD4SecureMessagingTest, ZeroPass/dmrtd test/bac_test.dart).
import { describe, expect, it } from 'vitest';
import {
  BacError,
  buildMutualAuthentication,
  checkMutualAuthenticationResponse,
  deriveBacKeys,
  deriveBacSession,
  isMrzInformation,
  performBac,
} from './bac.js';
import { adjustDesParity, kdf } from './key-derivation.js';
import { ChipStatusError, type Transmit } from './apdu.js';
import { ChipDataError } from './errors.js';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const H = (b: Buffer): string => b.toString('hex').toUpperCase();

// Appendix D.2
const MRZ_INFO = 'L898902C<369080619406236';
const KSEED = '239AB9CB282DAF66231DC5A4DF6BFBAE';
const KENC = 'AB94FDECF2674FDFB9B391F85D7F76F2';
const KMAC = '7962D9ECE03D1ACD4C76089DCE131543';
// Appendix D.3
const RND_IC = '4608F91988702212';
const RND_IFD = '781723860C06C226';
const K_IFD = '0B795240CB7049B01C19B33E32804F0B';
const E_IFD = '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2';
const M_IFD = '5F1448EEA8AD90A7';
const RESP = '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449';
const K_IC = '0B4F80323EB3191CB04970CB4052790B';
const KS_SEED = '0036D272F5C350ACAC50C3F572D23600';
const KS_ENC = '979EC13B1CBFE9DCD01AB0FED307EAE5';
const KS_MAC = 'F1CB1F1FB5ADF208806B89DC579DC1F8';
const SSC = '887022120C06C226';

describe('BAC key derivation (ICAO 9303-11 Appendix D.2)', () => {
  it('accepts composed MRZ information, including the TD1 overflow form, and refuses anything else', () => {
    expect(isMrzInformation(MRZ_INFO)).toBe(true);
    expect(isMrzInformation('D23145890734934071279507122')).toBe(true);
    for (const bad of ['', 'L898902C<3690806940623', 'L898902C<36908061940623X', 'l898902C<369080619406236']) {
      expect(isMrzInformation(bad), bad).toBe(false);
    }
    expect(() => deriveBacKeys('L898902C 690806 940623')).toThrow(BacError);
  });

  it('derives Kseed, Kenc and Kmac', () => {
    const keys = deriveBacKeys(MRZ_INFO);
    expect(H(keys.kSeed)).toBe(KSEED);
    expect(H(keys.kEnc)).toBe(KENC);
    expect(H(keys.kMac)).toBe(KMAC);
  });

  it('sets DES odd parity on every byte', () => {
    expect(H(adjustDesParity(h('0001FEFF')))).toBe('0101FEFE');
    for (const b of adjustDesParity(h(KSEED))) {
      expect(b.toString(2).split('').filter((c) => c === '1').length % 2).toBe(1);
    }
  });

});

describe('BAC mutual authentication (ICAO 9303-11 Appendix D.3)', () => {
  const keys = deriveBacKeys(MRZ_INFO);

  it('computes E.IFD and M.IFD', () => {
    const cmd = buildMutualAuthentication(keys, h(RND_IC), h(RND_IFD), h(K_IFD));
    expect(H(cmd.eIfd)).toBe(E_IFD);
    expect(H(cmd.mIfd)).toBe(M_IFD);
    expect(H(cmd.data)).toBe(E_IFD + M_IFD);
  });

  it('checks the chip response and recovers K.IC', () => {
    expect(H(checkMutualAuthenticationResponse(keys, h(RESP), h(RND_IC), h(RND_IFD)))).toBe(K_IC);
  });

  it('derives KSenc, KSmac and the SSC', () => {
    const s = deriveBacSession(h(K_IFD), h(K_IC), h(RND_IC), h(RND_IFD));
    expect(H(s.ksEnc)).toBe(KS_ENC);
    expect(H(s.ksMac)).toBe(KS_MAC);
    expect(H(s.ssc)).toBe(SSC);
    expect(H(kdf(h(KS_SEED), 1, '3DES'))).toBe(KS_ENC);
  });

  it('rejects a response whose MAC is wrong (wrong MRZ keys)', () => {
    const bad = h(RESP);
    bad[39] = (bad[39] as number) ^ 1;
    expect(() => checkMutualAuthenticationResponse(keys, bad, h(RND_IC), h(RND_IFD))).toThrow(/MAC is wrong/);
  });

  it('rejects a response that does not echo RND.IFD', () => {
    expect(() => checkMutualAuthenticationResponse(keys, h(RESP), h(RND_IC), h('0000000000000000'))).toThrow(/RND.IFD/);
  });

  it('rejects a response of the wrong length', () => {
    expect(() => checkMutualAuthenticationResponse(keys, h(RESP).subarray(0, 39), h(RND_IC), h(RND_IFD))).toThrow(BacError);
  });
});

describe('performBac over an injected transmit', () => {
  /** A scripted chip: answers each expected command APDU with the Appendix D response. */
  function scriptedChip(script: [string, string][]): { transmit: Transmit; sent: string[] } {
    const sent: string[] = [];
    let i = 0;
    return {
      sent,
      transmit: async (apdu) => {
        sent.push(H(apdu));
        const step = script[i++];
        if (!step) throw new Error('unexpected extra command');
        expect(H(apdu)).toBe(step[0]);
        return h(step[1]);
      },
    };
  }

  function appendixRandom(): (n: number) => Buffer {
    const values = [h(RND_IFD), h(K_IFD)];
    return (n) => {
      const v = values.shift();
      if (!v || v.length !== n) throw new Error('unexpected random request');
      return v;
    };
  }

  it('sends GET CHALLENGE and EXTERNAL AUTHENTICATE as in Appendix D.3 and establishes the session', async () => {
    const chip = scriptedChip([
      ['0084000008', `${RND_IC}9000`],
      [`0082000028${E_IFD}${M_IFD}28`, `${RESP}9000`],
    ]);
    const { session, sm } = await performBac(chip.transmit, MRZ_INFO, { random: appendixRandom() });
    expect(chip.sent).toHaveLength(2);
    expect(H(session.ksEnc)).toBe(KS_ENC);
    expect(H(session.ksMac)).toBe(KS_MAC);
    expect(H(sm.ssc)).toBe(SSC);
  });

  it('reports the status word when the chip refuses EXTERNAL AUTHENTICATE', async () => {
    const chip = scriptedChip([
      ['0084000008', `${RND_IC}9000`],
      [`0082000028${E_IFD}${M_IFD}28`, '6300'],
    ]);
    const err = await performBac(chip.transmit, MRZ_INFO, { random: appendixRandom() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChipStatusError);
    expect((err as ChipStatusError).sw).toBe(0x6300);
    expect(err).toBeInstanceOf(ChipDataError);
  });
});
