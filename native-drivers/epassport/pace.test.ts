// PACE worked example: ICAO Doc 9303 Part 11 (8th ed.), Appendix G.1 "ECDH based example" — Generic
// Mapping on brainpoolP256r1 (standardized domain parameters 13), id-PACE-ECDH-GM-AES-CBC-CMAC-128,
// MRZ password for document T22000129, born 640812, expiring 101031. Every value below (keys, points,
// nonce, tokens and the APDUs) is the appendix's; they are also quoted in ZeroPass/dmrtd
// test/pace_test_ecdh.dart, where we read them.
import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCardAccess } from './card-access.js';
import { BRAINPOOL_P256R1, NIST_P256, type CurveParams } from './ec-curves.js';
import { bigintFromBytes, decodePoint, encodePoint, generator, scalarMultiply } from './ec-point.js';
import { kdf } from './key-derivation.js';
import {
  PaceError,
  PaceTerminal,
  authenticationToken,
  decryptNonce,
  derivePasswordKey,
  encryptNonce,
  mapGenerator,
  publicKeyDataObject,
  type PacePassword,
} from './pace.js';
import { ChipStatusError, decodeCommandApdu, type Transmit } from './apdu.js';
import { encodeTlv, findChild, parseTlv } from './tlv.js';
import { AesSmCipher, SecureMessaging } from './secure-messaging.js';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const H = (b: Buffer): string => b.toString('hex').toUpperCase();
const point = (x: string, y: string): Buffer => h(`04${x}${y}`);

const OID = '0.4.0.127.0.7.2.2.4.2.2'; // id-PACE-ECDH-GM-AES-CBC-CMAC-128
const CARD_ACCESS = '31143012060A04007F0007020204020202010202010D';
const MRZ: PacePassword = { kind: 'mrz', mrzInformation: 'T22000129364081251010318' }; // T22000129 / 640812 / 101031 with check digits
const K_PI = '89DED1B26624EC1E634C1989302849DD';
const Z = '95A3A016522EE98D01E76CB6B98B42C3';
const S = '3F00C4D39D153F2B2A214A078D899B22';
const SK_MAP_PCD = 0x7f4ef07b9ea82fd78ad689b38d0bc78cf21f249d953bc46f4c6e19259c010f99n;
const PK_MAP_PCD = point('7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E', '544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D');
const SK_MAP_IC = 0x498ff49756f2dc1587840041839a85982be7761d14715fb091efa7bce9058560n;
const PK_MAP_IC = point('824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57', '30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54');
const H_POINT = point('60332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5', '0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181');
const G_MAPPED = point('8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2', '8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522');
const SK_PCD = 0xa73fb703ac1436a18e0cfa5abb3f7bec7a070e7a6788486bee230c4a22762595n;
const PK_PCD = point('2DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C', '3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462');
const SK_IC = 0x107cf58696ef6155053340fd633392ba81909df7b9706f226f32086c7aff974an;
const PK_IC = point('9E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB', '7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094');
const K = '28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925';
const KS_ENC = 'F5F0E35C0D7161EE6724EE513A0D9A7F';
const KS_MAC = 'FE251C7858B356B24514B3BD5F4297D1';
const T_PCD = 'C2B0BD78D94BA866';
const T_IC = '3ABB9674BCE93C08';

const APPENDIX_G1_EXCHANGE: [string, string][] = [
  ['0022C1A40F800A04007F00070202040202830101', '9000'],
  ['10860000027C0000', `7C1280 10${Z}9000`],
  [`10860000457C438141${H(PK_MAP_PCD)}00`, `7C438241${H(PK_MAP_IC)}9000`],
  [`10860000457C438341${H(PK_PCD)}00`, `7C438441${H(PK_IC)}9000`],
  [`008600000C7C0A8508${T_PCD}00`, `7C0A8608${T_IC}9000`],
];

function scripted(exchange: [string, string][]): { transmit: Transmit; sent: string[] } {
  const sent: string[] = [];
  let i = 0;
  return {
    sent,
    transmit: async (apdu) => {
      sent.push(H(apdu));
      const step = exchange[i++];
      if (!step) throw new Error('unexpected extra command');
      expect(H(apdu)).toBe(step[0].replace(/\s+/g, ''));
      return h(step[1]);
    },
  };
}

describe('PACE ECDH Generic Mapping, ICAO 9303-11 Appendix G.1', () => {
  const c = BRAINPOOL_P256R1;

  it('reads PACEInfo from the example EF.CardAccess', () => {
    expect(parseCardAccess(h(CARD_ACCESS))).toEqual({ paceInfos: [{ protocol: OID, version: 2, parameterId: 13 }], otherProtocols: [] });
  });

  it('derives K_pi from the MRZ and decrypts the nonce', () => {
    const kPi = derivePasswordKey(MRZ, 'AES-128');
    expect(H(kPi)).toBe(K_PI);
    expect(H(decryptNonce(kPi, h(Z), 'AES-128'))).toBe(S);
    expect(H(encryptNonce(kPi, h(S), 'AES-128'))).toBe(Z);
  });

  it('maps the nonce: both sides find H and G\' = s·G + H', () => {
    expect(encodePoint(c, scalarMultiply(c, SK_MAP_PCD, generator(c))).equals(PK_MAP_PCD)).toBe(true);
    expect(encodePoint(c, scalarMultiply(c, SK_MAP_IC, generator(c))).equals(PK_MAP_IC)).toBe(true);
    const hTerminal = scalarMultiply(c, SK_MAP_PCD, decodePoint(c, PK_MAP_IC));
    const hChip = scalarMultiply(c, SK_MAP_IC, decodePoint(c, PK_MAP_PCD));
    expect(encodePoint(c, hTerminal).equals(H_POINT)).toBe(true);
    expect(hChip).toEqual(hTerminal);
    expect(encodePoint(c, mapGenerator(c, h(S), decodePoint(c, H_POINT))).equals(G_MAPPED)).toBe(true);
  });

  it('agrees on K and derives KSenc and KSmac', () => {
    const G2 = decodePoint(c, G_MAPPED);
    expect(encodePoint(c, scalarMultiply(c, SK_PCD, G2)).equals(PK_PCD)).toBe(true);
    expect(encodePoint(c, scalarMultiply(c, SK_IC, G2)).equals(PK_IC)).toBe(true);
    const k = scalarMultiply(c, SK_PCD, decodePoint(c, PK_IC));
    expect(H(encodePoint(c, k).subarray(1, 33))).toBe(K);
    expect(H(kdf(h(K), 1, 'AES-128'))).toBe(KS_ENC);
    expect(H(kdf(h(K), 2, 'AES-128'))).toBe(KS_MAC);
  });

  it('computes both authentication tokens over the public key data objects', () => {
    expect(H(publicKeyDataObject(OID, PK_IC))).toBe(`7F494F060A04007F00070202040202864104${H(PK_IC).slice(2)}`);
    expect(H(authenticationToken('AES-128', h(KS_MAC), OID, PK_IC))).toBe(T_PCD);
    expect(H(authenticationToken('AES-128', h(KS_MAC), OID, PK_PCD))).toBe(T_IC);
  });

  it('runs the terminal state machine and sends exactly the appendix APDUs', async () => {
    const chip = scripted(APPENDIX_G1_EXCHANGE);
    const pace = new PaceTerminal(chip.transmit, { password: MRZ, protocol: OID, parameterId: 13, privateKeys: { mapping: SK_MAP_PCD, agreement: SK_PCD } });
    expect(pace.state).toBe('idle');
    const result = await pace.run();
    expect(pace.state).toBe('established');
    expect(chip.sent).toHaveLength(5);
    expect(H(result.ksEnc)).toBe(KS_ENC);
    expect(H(result.ksMac)).toBe(KS_MAC);
    expect(H(result.sharedSecret)).toBe(K);
    expect(result.sm.cipher.name).toBe('AES');
    expect(H(result.sm.ssc)).toBe('00000000000000000000000000000000');
  });

  it('fails with a token mismatch when the chip token is wrong (wrong password on the chip side)', async () => {
    const exchange = APPENDIX_G1_EXCHANGE.map(([a, b]) => [a, b] as [string, string]);
    exchange[4] = [exchange[4]![0], `7C0A8608${T_IC.slice(0, 15)}99000`];
    const pace = new PaceTerminal(scripted(exchange).transmit, { password: MRZ, protocol: OID, parameterId: 13, privateKeys: { mapping: SK_MAP_PCD, agreement: SK_PCD } });
    await expect(pace.run()).rejects.toThrow(/authentication token is wrong/);
    expect(pace.state).toBe('failed');
    expect(pace.error).toBeInstanceOf(PaceError);
  });

  it('fails when the chip returns a point that is not on the curve', async () => {
    const exchange = APPENDIX_G1_EXCHANGE.map(([a, b]) => [a, b] as [string, string]);
    const bad = Buffer.from(PK_MAP_IC);
    bad[64] = (bad[64] as number) ^ 1;
    exchange[2] = [exchange[2]![0], `7C438241${H(bad)}9000`];
    const pace = new PaceTerminal(scripted(exchange.slice(0, 3)).transmit, { password: MRZ, protocol: OID, parameterId: 13, privateKeys: { mapping: SK_MAP_PCD } });
    await expect(pace.run()).rejects.toThrow(/not on brainpoolP256r1/);
    expect(pace.state).toBe('failed');
  });

  it('stops at the status word when the chip refuses MSE:Set AT, and steps cannot run out of order', async () => {
    const pace = new PaceTerminal(scripted([['0022C1A40F800A04007F00070202040202830101', '6A80']]).transmit, { password: MRZ, protocol: OID, parameterId: 13 });
    await expect(pace.run()).rejects.toBeInstanceOf(ChipStatusError);
    const fresh = new PaceTerminal(scripted([]).transmit, { password: MRZ, protocol: OID, parameterId: 13 });
    await expect(fresh.mapNonce()).rejects.toThrow(/cannot run in state idle/);
  });

  it('refuses protocols and domain parameters it does not implement', () => {
    const t: Transmit = async () => h('9000');
    expect(() => new PaceTerminal(t, { password: MRZ, protocol: '0.4.0.127.0.7.2.2.4.1.2', parameterId: 13 })).toThrow(/not ECDH Generic Mapping/);
    expect(() => new PaceTerminal(t, { password: MRZ, protocol: OID, parameterId: 8 })).toThrow(/not supported/);
  });
});

describe('PACE with the CAN', () => {
  it('derives K_pi from the CAN bytes (value from ZeroPass/dmrtd test "CAN key testing")', () => {
    expect(derivePasswordKey({ kind: 'can', can: '123456' }, 'AES-128').toString('hex')).toBe('591468cda83d65219cccb8560233600f');
  });
});

/**
 * A minimal chip side for a full run on other curves and ciphers. It reuses the library's primitives,
 * so it proves the state machine and the message encodings are consistent and that the arithmetic works
 * on the curve; the Appendix G.1 test above is the independent check of the primitives.
 */
function chipSimulator(curve: CurveParams, protocol: string, password: PacePassword, algorithm: 'AES-128' | 'AES-256' | '3DES'): Transmit {
  const createKey = (): { d: bigint; pub: Buffer } => {
    const e = createECDH(curve.nodeName);
    const pub = e.generateKeys();
    return { d: bigintFromBytes(e.getPrivateKey()), pub };
  };
  const nonce = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
  const kPi = derivePasswordKey(password, algorithm);
  let mapKey: { d: bigint; pub: Buffer } | undefined;
  let G2: ReturnType<typeof decodePoint> | undefined;
  let eph: { d: bigint; pub: Buffer } | undefined;
  let terminalEph: Buffer | undefined;
  let ksMac: Buffer | undefined;
  const reply = (tag: number, value: Buffer): Buffer => Buffer.concat([encodeTlv(0x7c, [encodeTlv(tag, value)]), h('9000')]);
  return async (apdu) => {
    const cmd = decodeCommandApdu(apdu);
    if (cmd.ins === 0x22) return h('9000');
    const dad = parseTlv(cmd.data as Buffer);
    if (findChild(dad, 0x81)) {
      mapKey = createKey();
      const H2 = scalarMultiply(curve, mapKey.d, decodePoint(curve, findChild(dad, 0x81)!.value));
      G2 = mapGenerator(curve, nonce.subarray(0, algorithm === '3DES' ? 8 : 16), H2!);
      return reply(0x82, mapKey.pub);
    }
    if (findChild(dad, 0x83)) {
      terminalEph = findChild(dad, 0x83)!.value;
      const d = createKey().d;
      eph = { d, pub: encodePoint(curve, scalarMultiply(curve, d, G2!)) };
      const kx = encodePoint(curve, scalarMultiply(curve, d, decodePoint(curve, terminalEph))).subarray(1, 1 + curve.size);
      ksMac = kdf(kx, 2, algorithm);
      return reply(0x84, eph.pub);
    }
    if (findChild(dad, 0x85)) {
      const expected = authenticationToken(algorithm, ksMac!, protocol, eph!.pub);
      if (!expected.equals(findChild(dad, 0x85)!.value)) return h('6300');
      return reply(0x86, authenticationToken(algorithm, ksMac!, protocol, terminalEph!));
    }
    return reply(0x80, encryptNonce(kPi, nonce.subarray(0, algorithm === '3DES' ? 8 : 16), algorithm));
  };
}

describe('PACE full runs against a simulated chip', () => {
  const mrz: PacePassword = { kind: 'mrz', mrzInformation: 'L898902C<369080619406236' };
  const cases = [
    { curve: NIST_P256, id: 12, protocol: '0.4.0.127.0.7.2.2.4.2.2', algorithm: 'AES-128' as const },
    { curve: BRAINPOOL_P256R1, id: 13, protocol: '0.4.0.127.0.7.2.2.4.2.4', algorithm: 'AES-256' as const },
    { curve: NIST_P256, id: 12, protocol: '0.4.0.127.0.7.2.2.4.2.1', algorithm: '3DES' as const },
  ];
  for (const tc of cases) {
    it(`${tc.curve.name} with ${tc.algorithm}`, async () => {
      const pace = new PaceTerminal(chipSimulator(tc.curve, tc.protocol, mrz, tc.algorithm), { password: mrz, protocol: tc.protocol, parameterId: tc.id, sendParameterId: true });
      const r = await pace.run();
      expect(pace.state).toBe('established');
      expect(r.sm.cipher.name).toBe(tc.algorithm === '3DES' ? '3DES' : 'AES');
      expect(r.ksEnc).toHaveLength(tc.algorithm === 'AES-256' ? 32 : 16);
    });
  }

  it('a wrong password on the terminal side ends in a refused token', async () => {
    const chip = chipSimulator(NIST_P256, '0.4.0.127.0.7.2.2.4.2.2', mrz, 'AES-128');
    const pace = new PaceTerminal(chip, { password: { kind: 'can', can: '000000' }, protocol: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 12 });
    await expect(pace.run()).rejects.toBeInstanceOf(ChipStatusError);
    expect(pace.state).toBe('failed');
  });

  it('the established AES session keys are usable for secure messaging', async () => {
    const chip = chipSimulator(NIST_P256, '0.4.0.127.0.7.2.2.4.2.2', mrz, 'AES-128');
    const r = await new PaceTerminal(chip, { password: mrz, protocol: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 12 }).run();
    const mirror = new SecureMessaging(new AesSmCipher(r.ksEnc, r.ksMac), Buffer.alloc(16));
    expect(r.sm.protect({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 }).equals(mirror.protect({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 }))).toBe(true);
  });
});
