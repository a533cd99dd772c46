// The simulated eMRTD against the protocol's terminal functions, in-process (appletTransmit: no
// PC/SC), one chip per case: access control (BAC, PACE with MRZ and CAN on both curves and both
// ciphers), secure messaging and how a session ends, Active and Chip Authentication, and every fault a
// profile can ask for. What passive authentication makes of the PKI faults is tested with the
// station's verifier in test/integration/simulated-chip-passive-auth.test.ts.
import { X509Certificate, createHash, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChipStatusError, decodeCommandApdu, encodeCommandApdu, parseTlv, type PacePassword } from '../../../epassport/index.js';
import { appletTransmit } from '../card-applet.js';
import { EF, EMRTD_AID } from '../plain-epassport-applet.js';
import { parseTravellerProfile, mrzInformationFromLines, type TravellerProfile } from './profile.js';
import { createSimulatedEPassport, type SimulatedEPassport } from './simulated-epassport.js';
import { TestTerminal, type TerminalSession } from './test-terminal.js';

const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];
const MRZ_INFO = mrzInformationFromLines(MRZ);
const CAN = '123456';
const BY_MRZ: PacePassword = { kind: 'mrz', mrzInformation: MRZ_INFO };
const BY_CAN: PacePassword = { kind: 'can', can: CAN };

const BASE = {
  mrz: MRZ,
  can: CAN,
  accessControl: { bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }] },
  personalDetails: { fullName: 'ERIKSSON<<ANNA<MARIA', placeOfBirth: 'ZENITH<UTOPIA' },
  documentDetails: { dateOfIssue: '20240416' },
  pki: { algorithm: 'ecdsa' },
};

function profile(overrides: Record<string, unknown> = {}): TravellerProfile {
  return parseTravellerProfile({ ...BASE, ...overrides });
}

async function setUp(overrides: Record<string, unknown> = {}): Promise<{ chip: SimulatedEPassport; terminal: TestTerminal }> {
  const chip = await createSimulatedEPassport(profile(overrides));
  return { chip, terminal: new TestTerminal(appletTransmit(chip)) };
}

const sw = (response: Buffer): string => response.subarray(-2).toString('hex').toUpperCase();
const apdu = (hex: string): Buffer => Buffer.from(hex, 'hex');
const sha256 = (b: Buffer): Buffer => createHash('sha256').update(b).digest();
const flip = (b: Buffer, at: number, mask: number): void => {
  b[at] = (b[at] as number) ^ mask;
};

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ChipStatusError) return e.sw;
    throw e;
  }
  throw new Error('expected the chip to refuse');
}

describe('access control', () => {
  it('before access control: EF.CardAccess and SELECT in plain; every application file answers 6982', async () => {
    const { chip, terminal } = await setUp();
    expect((await terminal.readCardAccess())?.paceInfos).toEqual([{ protocol: '0.4.0.127.0.7.2.2.4.2.2', version: 2, parameterId: 13 }]);
    await terminal.selectApplication();
    for (const fid of [EF.COM, EF.dg(1), EF.dg(2), EF.dg(11), EF.dg(12), EF.dg(14), EF.SOD]) {
      expect(sw(await chip.process(apdu(`00B0${(0x80 | (fid & 0x1f)).toString(16)}0000`))), fid.toString(16)).toBe('6982');
    }
  });

  it('BAC with the printed MRZ opens 3DES secure messaging; EF.COM, DG1, DG2 and EF.SOD read back as personalised', async () => {
    const { chip, terminal } = await setUp();
    const session = await terminal.bac(MRZ_INFO);
    expect(session.sm.cipher.name).toBe('3DES');
    expect(chip.outcomes.bac).toEqual({ established: 1, refused: 0 });
    const com = parseTlv(await terminal.readFile(session, EF.COM));
    expect(com.children?.find((c) => c.tag === 0x5c)?.value.toString('hex')).toBe('61756b6c6e');
    const dg1 = await terminal.readFile(session, EF.dg(1));
    expect(dg1.equals(chip.chip.signedDataGroups.get(1)!)).toBe(true);
    expect(dg1.toString('latin1')).toContain(MRZ.join(''));
    const dg2 = await terminal.readFile(session, EF.dg(2));
    expect(dg2.includes(chip.chip.face.image)).toBe(true);
    expect(chip.chip.face.placeholder).toBe(true);
    const sod = await terminal.readFile(session, EF.SOD);
    expect(sod[0]).toBe(0x77);
    for (const n of [1, 2, 11, 12, 14]) expect(sod.includes(sha256(chip.chip.signedDataGroups.get(n)!)), `DG${n} hash`).toBe(true);
  });

  const paceCases: [string, Record<string, unknown>, PacePassword, number, 'AES' | '3DES'][] = [
    ['brainpoolP256r1, AES-128, MRZ', {}, BY_MRZ, 13, 'AES'],
    ['brainpoolP256r1, AES-128, CAN', {}, BY_CAN, 13, 'AES'],
    ['P-256, AES-128, CAN', { accessControl: { pace: [{ parameterId: 13, cipher: 'AES-128' }, { parameterId: 12, cipher: 'AES-128' }] } }, BY_CAN, 12, 'AES'],
    ['P-256, 3DES, MRZ', { accessControl: { bac: false, pace: [{ parameterId: 12, cipher: '3DES' }] } }, BY_MRZ, 12, '3DES'],
    ['brainpoolP256r1, 3DES, CAN', { accessControl: { pace: [{ parameterId: 13, cipher: '3DES' }] } }, BY_CAN, 13, '3DES'],
  ];
  for (const [name, overrides, password, parameterId, cipher] of paceCases) {
    it(`PACE ${name}: four GENERAL AUTHENTICATEs, tokens checked, then reads under ${cipher} secure messaging`, async () => {
      const { chip, terminal } = await setUp(overrides);
      const session = await terminal.pace(password, { parameterId });
      expect(session.sm.cipher.name).toBe(cipher);
      expect(session.sm.ssc.equals(Buffer.alloc(cipher === 'AES' ? 16 : 8))).toBe(false); // the SELECT after PACE moved it on from 0
      expect(chip.outcomes.pace).toEqual({ established: 1, refused: 0 });
      expect((await terminal.readFile(session, EF.dg(1))).equals(chip.chip.signedDataGroups.get(1)!)).toBe(true);
    });
  }

  it('a PACE-only chip does not answer BAC; a BAC-only chip has no EF.CardAccess', async () => {
    const paceOnly = await setUp({ accessControl: { bac: false, pace: [{ parameterId: 13, cipher: 'AES-128' }] } });
    await paceOnly.terminal.selectApplication();
    expect(sw(await paceOnly.chip.process(apdu('0084000008')))).toBe('6D00');
    const bacOnly = await setUp({ accessControl: { bac: true } });
    expect(await bacOnly.terminal.readCardAccess()).toBeUndefined();
    await expect(bacOnly.terminal.pace(BY_CAN)).rejects.toThrow(/offers no PACE/);
  });

  it('PACE refuses an unknown protocol or password reference, and GENERAL AUTHENTICATE out of order', async () => {
    const { chip } = await setUp({ can: undefined });
    const oid = '04007F00070202040202';
    expect(sw(await chip.process(apdu(`0022C1A40F800A${oid}830102`)))).toBe('6A88'); // CAN: this chip has none
    expect(sw(await chip.process(apdu(`0022C1A40F800A${oid.replace(/02$/, '04')}830101`)))).toBe('6A88'); // AES-256: not offered
    expect(sw(await chip.process(apdu(`0022C1A40F800A${oid}830101`)))).toBe('9000');
    expect(sw(await chip.process(apdu('10860000 05 7C0381 0104 00'.replace(/ /g, ''))))).toBe('6985'); // a mapping key before the nonce
  });
});

describe('secure messaging: how a session ends', () => {
  it('a command with a wrong MAC gets 6988 in plain and ends the session: the files are closed again', async () => {
    const { chip, terminal } = await setUp();
    const session = await terminal.bac(MRZ_INFO);
    const protectedRead = session.sm.protect({ cla: 0x00, ins: 0xb0, p1: 0x81, p2: 0x00, le: 4 });
    flip(protectedRead, protectedRead.length - 2, 0x01); // last MAC byte (before Le)
    expect((await chip.process(protectedRead)).toString('hex')).toBe('6988');
    expect(sw(await chip.process(apdu('00B0810004')))).toBe('6982');
    // A protected command now finds no session to verify it.
    const next = session.sm.protect({ cla: 0x00, ins: 0xb0, p1: 0x81, p2: 0x00, le: 4 });
    expect((await chip.process(next)).toString('hex')).toBe('6882');
  });

  it('a plain command during the session ends it; the terminal sees the refusal as a status, not data', async () => {
    const { chip, terminal } = await setUp();
    const session = await terminal.pace(BY_CAN);
    expect(sw(await chip.process(encodeCommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: EMRTD_AID })))).toBe('9000');
    expect(await statusOf(terminal.readFile(session, EF.dg(1)))).toBe(0x6882);
  });

  it('a fresh BAC after a broken session works again', async () => {
    const { chip, terminal } = await setUp();
    const first = await terminal.bac(MRZ_INFO);
    const broken = first.sm.protect({ cla: 0x00, ins: 0xb0, p1: 0x81, p2: 0x00, le: 4 });
    flip(broken, 6, 0xff);
    expect((await chip.process(broken)).toString('hex')).toBe('6988');
    const second = await terminal.bac(MRZ_INFO);
    expect((await terminal.readFile(second, EF.dg(1))).length).toBeGreaterThan(88);
    expect(chip.outcomes.bac.established).toBe(2);
  });

  it('without extended length the chip takes short reads only, also under secure messaging', async () => {
    const { chip } = await setUp({ extendedLength: false });
    const terminal = new TestTerminal(appletTransmit(chip), { limits: { shortLe: 0xdf } });
    const session = await terminal.pace(BY_MRZ);
    const before = terminal.apdus;
    const dg2 = await terminal.readFile(session, EF.dg(2));
    expect(dg2.equals(chip.chip.signedDataGroups.get(2)!)).toBe(true);
    expect(terminal.apdus - before).toBe(Math.ceil(dg2.length / 0xdf));
    expect(chip.stats.extendedCommands).toBe(0);
  });
});

describe('active authentication', () => {
  const cases: [string, Record<string, unknown>, number | undefined][] = [
    ['RSA-1024, ISO/IEC 9796-2 scheme 1 with SHA-1', { algorithm: 'rsa', modulusBits: 1024 }, 128],
    ['RSA-2048 (the answer needs extended length under SM)', { algorithm: 'rsa', modulusBits: 2048 }, 256],
    ['ECDSA P-256, plain signature', { algorithm: 'ecdsa', curve: 'P-256' }, 64],
    ['ECDSA brainpoolP256r1, plain signature', { algorithm: 'ecdsa', curve: 'brainpoolP256r1' }, 64],
  ];
  for (const [name, aa, length] of cases) {
    it(`${name}: the signature verifies with DG15 and depends on the challenge`, async () => {
      const { terminal } = await setUp({ activeAuthentication: aa });
      const session = await terminal.pace(BY_MRZ);
      const dg15 = await terminal.readFile(session, EF.dg(15));
      expect(createPublicKey({ key: parseTlv(dg15).value, format: 'der', type: 'spki' }).asymmetricKeyType).toBe(aa.algorithm === 'rsa' ? 'rsa' : 'ec');
      const a = await terminal.activeAuthenticate(session, dg15, Buffer.from('0102030405060708', 'hex'));
      expect(a.valid).toBe(true);
      expect(a.signature).toHaveLength(length!);
      const b = await terminal.activeAuthenticate(session, dg15, Buffer.from('0102030405060709', 'hex'));
      expect(b.valid).toBe(true);
      expect(b.signature.equals(a.signature)).toBe(false);
    });
  }

  it('answers 6982 before access control', async () => {
    const { chip } = await setUp({ activeAuthentication: { algorithm: 'rsa', modulusBits: 1024 } });
    expect(sw(await chip.process(apdu('00880000080102030405060708' + '00')))).toBe('6982');
  });

  it('ECDSA active authentication is announced in DG14 (ActiveAuthenticationInfo)', async () => {
    const { chip } = await setUp({ activeAuthentication: { algorithm: 'ecdsa', curve: 'P-256' } });
    expect(chip.chip.signedDataGroups.get(14)!.includes(Buffer.from('0606678108010105', 'hex'))).toBe(true); // OID 2.23.136.1.1.5
  });
});

describe('chip authentication', () => {
  for (const [name, ca, access] of [
    ['ECDH brainpoolP256r1, AES-128 (MSE:Set AT + GENERAL AUTHENTICATE) after PACE', { curve: 'brainpoolP256r1', cipher: 'AES-128' }, 'pace'],
    ['ECDH P-256, 3DES (MSE:Set KAT) after BAC', { curve: 'P-256', cipher: '3DES' }, 'bac'],
  ] as const) {
    it(`${name}: new session keys, SSC restarted, the old session is over`, async () => {
      const { chip, terminal } = await setUp({ chipAuthentication: ca });
      const first: TerminalSession = access === 'pace' ? await terminal.pace(BY_MRZ) : await terminal.bac(MRZ_INFO);
      const dg14 = await terminal.readFile(first, EF.dg(14));
      const second = await terminal.chipAuthenticate(first, dg14);
      expect(second.sm.cipher.name).toBe(ca.cipher === '3DES' ? '3DES' : 'AES');
      expect(second.sm.ssc.equals(Buffer.alloc(second.sm.cipher.blockSize))).toBe(true);
      expect((await terminal.readFile(second, EF.SOD)).equals(chip.chip.sod)).toBe(true);
      // The chip now verifies with the new keys: a command under the old ones is refused.
      expect(await statusOf(terminal.readFile(first, EF.dg(1)))).toBe(0x6988);
    });
  }

  it('CA right after access control (9303-11 §7): every file and INTERNAL AUTHENTICATE answer under the new session', async () => {
    const { chip, terminal } = await setUp({
      chipAuthentication: { curve: 'brainpoolP256r1', cipher: 'AES-128' },
      activeAuthentication: { algorithm: 'ecdsa', curve: 'P-256' },
    });
    const first = await terminal.pace(BY_MRZ);
    const com = await terminal.readFile(first, EF.COM);
    expect(com[0]).toBe(0x60);
    const afterCa = await terminal.chipAuthenticate(first, await terminal.readFile(first, EF.dg(14)));
    for (const n of [1, 2, 11, 12, 15]) {
      expect((await terminal.readFile(afterCa, EF.dg(n))).equals(chip.chip.signedDataGroups.get(n)!), `DG${n}`).toBe(true);
    }
    expect((await terminal.readFile(afterCa, EF.SOD)).equals(chip.chip.sod)).toBe(true);
    expect((await terminal.activeAuthenticate(afterCa, chip.chip.signedDataGroups.get(15)!)).valid).toBe(true);
  });

  it('refuses MSE:Set KAT for an AES key and any CA command outside a session', async () => {
    const { chip, terminal } = await setUp({ chipAuthentication: { curve: 'P-256', cipher: 'AES-128' } });
    expect(sw(await chip.process(apdu('002241A6039101' + '04')))).toBe('6982');
    const session = await terminal.pace(BY_MRZ);
    const kat = session.sm.protect(decodeCommandApdu(apdu('002241A6039101' + '04')));
    expect(session.sm.unprotect(await chip.process(kat)).sw).toBe(0x6985);
  });
});

describe('faults', () => {
  it('wrongAccessKey: BAC is refused with 6300, PACE with the MRZ and with the CAN at the token step', async () => {
    const { chip, terminal } = await setUp({ faults: { wrongAccessKey: true } });
    expect(chip.chip.mrzInformation).not.toBe(MRZ_INFO);
    expect(await statusOf(terminal.bac(MRZ_INFO))).toBe(0x6300);
    expect(await statusOf(terminal.pace(BY_MRZ))).toBe(0x6300);
    expect(await statusOf(terminal.pace(BY_CAN))).toBe(0x6300);
    expect(chip.outcomes).toEqual({ bac: { established: 0, refused: 1 }, pace: { established: 0, refused: 2 } });
    // The chip is not broken, it expects other keys: those work.
    expect((await terminal.bac(chip.chip.mrzInformation)).sm.cipher.name).toBe('3DES');
  });

  it('tamperedDataGroup: the chip serves a DG2 whose SHA-256 is not the one EF.SOD signed; the others match', async () => {
    const { chip, terminal } = await setUp({ faults: { tamperedDataGroup: 2 } });
    const session = await terminal.pace(BY_MRZ);
    const sod = await terminal.readFile(session, EF.SOD);
    const dg2 = await terminal.readFile(session, EF.dg(2));
    expect(sod.includes(sha256(dg2))).toBe(false);
    expect(sod.includes(sha256(chip.chip.signedDataGroups.get(2)!))).toBe(true);
    expect(parseTlv(dg2).tag).toBe(0x75);
    expect(sod.includes(sha256(await terminal.readFile(session, EF.dg(1))))).toBe(true);
  });

  it('expiredDsCertificate: the DS certificate in EF.SOD expired, and the SOD was signed while it was valid', async () => {
    const { chip, terminal } = await setUp({ faults: { expiredDsCertificate: true } });
    const sod = await terminal.readFile(await terminal.bac(MRZ_INFO), EF.SOD);
    expect(sod.includes(chip.chip.dsCertificateDer)).toBe(true);
    const ds = new X509Certificate(chip.chip.dsCertificateDer);
    expect(new Date(ds.validTo).getTime()).toBeLessThan(Date.now());
    expect(ds.verify(new X509Certificate(chip.exportTrustMaterial().cscaDer).publicKey)).toBe(true);
  });

  it('revokedDsCertificate: the exported CRL carries the DS serial number; without the fault it is empty', async () => {
    const revoked = await setUp({ faults: { revokedDsCertificate: true } });
    const serial = Buffer.from(new X509Certificate(revoked.chip.chip.dsCertificateDer).serialNumber, 'hex');
    expect(revoked.chip.exportTrustMaterial().crlDer.includes(serial)).toBe(true);
    const clean = await setUp();
    const cleanSerial = Buffer.from(new X509Certificate(clean.chip.chip.dsCertificateDer).serialNumber, 'hex');
    expect(clean.chip.exportTrustMaterial().crlDer.includes(cleanSerial)).toBe(false);
  });

  it('unknownCsca: the DS was not issued by the exported CSCA', async () => {
    const { chip } = await setUp({ faults: { unknownCsca: true } });
    const ds = new X509Certificate(chip.chip.dsCertificateDer);
    const csca = new X509Certificate(chip.exportTrustMaterial().cscaDer);
    expect(ds.checkIssued(csca)).toBe(false);
    expect(ds.verify(csca.publicKey)).toBe(false);
    expect(csca.verify(csca.publicKey)).toBe(true);
  });

  it('clonedChip: the AA signature does not verify with DG15, and after CA the chip cannot read the terminal', async () => {
    const { terminal } = await setUp({
      activeAuthentication: { algorithm: 'ecdsa', curve: 'brainpoolP256r1' },
      chipAuthentication: { curve: 'brainpoolP256r1', cipher: 'AES-128' },
      faults: { clonedChip: true },
    });
    const session = await terminal.pace(BY_MRZ);
    expect((await terminal.activeAuthenticate(session, await terminal.readFile(session, EF.dg(15)))).valid).toBe(false);
    const afterCa = await terminal.chipAuthenticate(session, await terminal.readFile(session, EF.dg(14)));
    expect(await statusOf(terminal.readFile(afterCa, EF.dg(1)))).toBe(0x6988);
  });

  it('paceBroken: EF.CardAccess still offers PACE, MSE:Set AT is answered 6A80 (not 63xx), BAC works', async () => {
    const { chip, terminal } = await setUp({ faults: { paceBroken: true } });
    expect((await terminal.readCardAccess())?.paceInfos).toHaveLength(1);
    expect(await statusOf(terminal.pace(BY_MRZ))).toBe(0x6a80);
    expect(await statusOf(terminal.pace(BY_CAN))).toBe(0x6a80);
    expect(chip.outcomes.pace).toEqual({ established: 0, refused: 0 });
    const session = await terminal.bac(MRZ_INFO);
    expect((await terminal.readFile(session, EF.dg(1))).equals(chip.chip.signedDataGroups.get(1)!)).toBe(true);
    expect(chip.outcomes.bac).toEqual({ established: 1, refused: 0 });
  });

  it('clonedChip with RSA active authentication: the 9796-2 signature does not verify', async () => {
    const { terminal } = await setUp({ activeAuthentication: { algorithm: 'rsa', modulusBits: 1024 }, faults: { clonedChip: true } });
    const session = await terminal.bac(MRZ_INFO);
    const result = await terminal.activeAuthenticate(session, await terminal.readFile(session, EF.dg(15)));
    expect(result.signature).toHaveLength(128);
    expect(result.valid).toBe(false);
  });
});
