/**
 * readChip against the simulated ePassport in-process (appletTransmit: no PC/SC), with every command
 * APDU recorded on the wire: the read order of ICAO 9303-11 §7 (Chip Authentication right after
 * access control, so that DG1, DG2, … and EF.SOD travel under its keys), what a chip without DG14's
 * private key or with a DG14 the issuer did not sign makes of chip.chip_auth, and the BAC fallback
 * when PACE is broken (§4.2) — but not when the password was refused, nor with only a CAN.
 *
 * The headers of protected commands stay in clear (CLA 0C, INS, P1, P2), so the wire shows which
 * command went when; a READ BINARY with an SFI names its file in P1.
 */
import { describe, expect, it } from 'vitest';
import { appletTransmit } from '../../../../native-drivers/simulators/chip/card-applet.js';
import { parseTravellerProfile } from '../../../../native-drivers/simulators/chip/epassport/profile.js';
import { EF } from '../../../../native-drivers/simulators/chip/plain-epassport-applet.js';
import { SimulatedEPassport, createSimulatedEPassport } from '../../../../native-drivers/simulators/chip/epassport/simulated-epassport.js';
import { ACCESS_REFUSED, readChip, type ChipAccessKey, type ChipReadResult } from './chip-reader.js';
import { TrustStore } from './trust-store.js';

const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];
const CAN = '123456';

const GENUINE = {
  mrz: MRZ,
  can: CAN,
  accessControl: { bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }] },
  personalDetails: { fullName: 'ERIKSSON<<ANNA<MARIA' },
  documentDetails: { issuingAuthority: 'UTOPIA PASSPORT OFFICE', dateOfIssue: '20240416' },
  pki: { algorithm: 'ecdsa' },
  activeAuthentication: { algorithm: 'ecdsa', curve: 'P-256' },
  chipAuthentication: { curve: 'brainpoolP256r1', cipher: 'AES-128' },
};

/** Short EF identifiers (ICAO 9303-10 Table 34): plain reads are in the MF, protected ones in the eMRTD application. */
const MF_SFI: Readonly<Record<number, string>> = { 0x01: 'EF.ATR/INFO', 0x1c: 'EF.CardAccess' };
const APPLICATION_SFI: Readonly<Record<number, string>> = { 0x01: 'DG1', 0x02: 'DG2', 0x0b: 'DG11', 0x0c: 'DG12', 0x0e: 'DG14', 0x0f: 'DG15', 0x1d: 'EF.SOD', 0x1e: 'EF.COM' };

/** What a command APDU is, from its header alone (it stays in clear under secure messaging). */
function label(apdu: Buffer): string {
  const [cla, ins, p1, p2] = apdu;
  const SFI = ((cla as number) & 0x0c) === 0 ? MF_SFI : APPLICATION_SFI;
  if (ins === 0x22 && p1 === 0xc1 && p2 === 0xa4) return 'MSE:Set AT (PACE)';
  if (ins === 0x22 && p1 === 0x41 && p2 === 0xa4) return 'MSE:Set AT (CA)';
  if (ins === 0x22 && p1 === 0x41 && p2 === 0xa6) return 'MSE:Set KAT';
  if (ins === 0x86) return 'GENERAL AUTHENTICATE';
  if (ins === 0x84) return 'GET CHALLENGE';
  if (ins === 0x82) return 'EXTERNAL AUTHENTICATE';
  if (ins === 0x88) return 'INTERNAL AUTHENTICATE';
  if (ins === 0xa4) return 'SELECT';
  if (ins === 0xb0 && ((p1 as number) & 0x80) !== 0) return `READ BINARY ${SFI[(p1 as number) & 0x1f] ?? `SFI ${(p1 as number) & 0x1f}`}`;
  if (ins === 0xb0 || ins === 0xb1) return 'READ BINARY';
  return `INS ${(ins as number).toString(16)}`;
}

interface Read extends ChipReadResult {
  readonly wire: readonly string[];
  readonly seen: readonly string[];
  readonly passport: SimulatedEPassport;
}

async function read(profile: Record<string, unknown> = {}, key: ChipAccessKey = { mrz: MRZ }, chip?: SimulatedEPassport): Promise<Read> {
  const passport = chip ?? (await createSimulatedEPassport(parseTravellerProfile({ ...GENUINE, ...profile })));
  const trust = new TrustStore();
  const material = passport.exportTrustMaterial();
  expect(trust.addCertificate(material.cscaDer, 'simulated issuer')).toMatchObject({ added: true });
  expect(trust.addCrl(material.crlDer)).toMatchObject({ added: true });
  const transmit = appletTransmit(passport);
  const wire: string[] = [];
  const seen: string[] = [];
  const result = await readChip(
    (apdu) => {
      wire.push(label(apdu));
      return transmit(apdu);
    },
    key,
    { trust, now: new Date(), atr: passport.atr, onStep: (s) => seen.push(s.id) },
  );
  return { ...result, wire, seen, passport };
}

const stepOf = (r: ChipReadResult, id: string) => r.steps.find((s) => s.id === id);
const failed = (r: ChipReadResult) => r.steps.filter((s) => s.status === 'fail').map((s) => s.id);
const show = (r: Read) => `${JSON.stringify(r.steps, null, 1)}\n${r.wire.join(' | ')}`;
const at = (r: Read, command: string): number => {
  const i = r.wire.indexOf(command);
  expect(i, `${command} in ${r.wire.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return i;
};

const PASSIVE_AUTHENTICATION = [
  'sod_parse',
  'dg_hash_DG1',
  'dg_hash_DG2',
  'dg_hash_DG11',
  'dg_hash_DG12',
  'dg_hash_DG14',
  'dg_hash_DG15',
  'signed_content_type',
  'signed_message_digest',
  'ds_certificate',
  'sod_signature',
  'ds_validity',
  'csca_lookup',
  'ds_certificate_signature',
  'csca_validity',
  'ds_revocation',
];

describe('readChip: the 9303-11 read order', () => {
  it('a genuine chip: EF.COM and DG14 under PACE, Chip Authentication, then DG1, DG2, DG11, DG12, DG15 and EF.SOD under its keys', async () => {
    const r = await read();
    expect(r.steps.filter((s) => s.status !== 'pass'), show(r)).toEqual([]);
    expect(r.verdict).toBe('pass');
    const caGa = r.wire.lastIndexOf('GENERAL AUTHENTICATE');
    expect(at(r, 'READ BINARY EF.COM')).toBeLessThan(at(r, 'READ BINARY DG14'));
    expect(at(r, 'READ BINARY DG14')).toBeLessThan(at(r, 'MSE:Set AT (CA)'));
    expect(at(r, 'MSE:Set AT (CA)')).toBe(caGa - 1);
    expect(caGa).toBeLessThan(at(r, 'READ BINARY DG1'));
    for (const file of ['DG1', 'DG2', 'DG11', 'DG12', 'DG15', 'EF.SOD']) expect(at(r, `READ BINARY ${file}`), file).toBeGreaterThan(caGa);
    expect(at(r, 'READ BINARY EF.SOD')).toBeLessThan(at(r, 'INTERNAL AUTHENTICATE'));
    // Performed order in the result; Chip Authentication is reported once passive authentication vouched for DG14.
    expect(r.steps.map((s) => s.id)).toEqual(['chip.access', 'chip.chip_auth', 'chip.read', 'chip.mrz_match', ...PASSIVE_AUTHENTICATION, 'chip.active_auth']);
    expect(r.seen).toEqual(['chip.access', 'chip.read', 'chip.mrz_match', ...PASSIVE_AUTHENTICATION, 'chip.chip_auth', 'chip.active_auth']);
    expect(stepOf(r, 'chip.chip_auth')!.detail).toMatch(/proved it holds the private key of DG14 \(id-CA-ECDH-AES-CBC-CMAC-128, brainpoolP256r1\): DG1, DG2, DG11, DG12, DG15 and EF\.SOD were read under the session keys agreed with it; the key is authenticated by passive authentication/);
    expect(stepOf(r, 'chip.read')!.detail).toMatch(/^read EF\.COM and DG14 \(\d+ B\) under PACE, then DG1 \(\d+ B\), .* and EF\.SOD \(\d+ B\) under the Chip Authentication keys in \d+ APDUs/);
    expect(r.dg1Lines).toEqual(MRZ);
  });

  it('BAC and 3DES Chip Authentication: MSE:Set KAT comes before DG1 is read', async () => {
    const r = await read({ accessControl: { bac: true, pace: [] }, chipAuthentication: { curve: 'P-256', cipher: '3DES' } });
    expect(r.verdict, show(r)).toBe('pass');
    expect(stepOf(r, 'chip.access')!.detail).toMatch(/^opened with BAC with the MRZ/);
    expect(at(r, 'EXTERNAL AUTHENTICATE')).toBeLessThan(at(r, 'READ BINARY DG14'));
    expect(at(r, 'READ BINARY DG14')).toBeLessThan(at(r, 'MSE:Set KAT'));
    expect(at(r, 'MSE:Set KAT')).toBeLessThan(at(r, 'READ BINARY DG1'));
    expect(r.wire).not.toContain('GENERAL AUTHENTICATE');
    expect(stepOf(r, 'chip.chip_auth')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/id-CA-ECDH-3DES.*, P-256/) });
  });

  it('no Chip Authentication on the chip: everything is read under PACE, Active Authentication is the clone check', async () => {
    const r = await read({ chipAuthentication: undefined });
    expect(failed(r), show(r)).toEqual([]);
    expect(r.wire).not.toContain('MSE:Set AT (CA)');
    expect(stepOf(r, 'chip.chip_auth')).toMatchObject({ status: 'not_possible', detail: expect.stringContaining('no Chip Authentication') });
    expect(stepOf(r, 'chip.active_auth')!.status).toBe('pass');
    expect(stepOf(r, 'chip.read')!.detail).toMatch(/^read EF\.COM, DG14 \(\d+ B\), DG1 .* and EF\.SOD \(\d+ B\) in \d+ APDUs/);
  });

  it('clonedChip: the chip cannot answer under the Chip Authentication keys, chip_auth fails and nothing more is read', async () => {
    const r = await read({ faults: { clonedChip: true } });
    expect(failed(r), show(r)).toEqual(['chip.chip_auth']);
    expect(stepOf(r, 'chip.chip_auth')!.detail).toMatch(/could not continue under the keys agreed with the DG14 key .*SW 6988.*it may be a cloned chip/);
    for (const id of ['chip.read', 'chip.mrz_match', 'passive_authentication', 'chip.active_auth']) {
      expect(stepOf(r, id), id).toMatchObject({ status: 'not_possible', detail: expect.stringContaining('Chip Authentication failed') });
    }
    expect(r.steps.map((s) => s.id)).toEqual(['chip.access', 'chip.chip_auth', 'chip.read', 'chip.mrz_match', 'passive_authentication', 'chip.active_auth']);
    // One READ BINARY of DG1 under the new keys, answered in plain, and the read stopped.
    expect(r.wire.slice(r.wire.lastIndexOf('GENERAL AUTHENTICATE') + 1)).toEqual(['READ BINARY DG1']);
    expect(r.stoppedBy?.code).toBe('chip_error');
    expect(r.verdict).toBe('fail');
    expect(r.dg1Lines).toBeNull();
  });

  it('clonedChip without Chip Authentication: Active Authentication fails, passive authentication passes', async () => {
    const r = await read({ chipAuthentication: undefined, faults: { clonedChip: true } });
    expect(failed(r), show(r)).toEqual(['chip.active_auth']);
    expect(stepOf(r, 'chip.active_auth')!.detail).toContain('cloned chip');
    expect(stepOf(r, 'ds_revocation')!.status).toBe('pass');
  });

  it('tamperedDataGroup 14 (a byte of the CA key changed): chip_auth is not pass, dg_hash_DG14 fails', async () => {
    const r = await read({ faults: { tamperedDataGroup: 14 } });
    expect(failed(r), show(r)).toEqual(['dg_hash_DG14']);
    expect(stepOf(r, 'chip.chip_auth')).toMatchObject({ status: 'not_possible', detail: expect.stringContaining('the Chip Authentication key in DG14 cannot be used') });
    expect(r.wire).not.toContain('MSE:Set AT (CA)');
    expect(r.verdict).toBe('fail');
  });

  it('a DG14 with another CA key, which the chip does hold: Chip Authentication runs, but chip_auth fails once DG14 fails its hash', async () => {
    // The attack Chip Authentication alone cannot see: a chip with its own key pair, and a DG14 carrying
    // that public key in place of the one the issuer signed. Only passive authentication catches it.
    const profile = parseTravellerProfile(GENUINE);
    const genuine = await createSimulatedEPassport(profile);
    const other = await createSimulatedEPassport(profile);
    const files = new Map(genuine.chip.applicationFiles);
    files.set(EF.dg(14), other.chip.applicationFiles.get(EF.dg(14))!);
    const substituted = new SimulatedEPassport({ ...genuine.chip, applicationFiles: files, chipAuthentication: other.chip.chipAuthentication });
    const r = await read({}, { mrz: MRZ }, substituted);
    expect(failed(r), show(r)).toEqual(['chip.chip_auth', 'dg_hash_DG14']);
    expect(at(r, 'MSE:Set AT (CA)')).toBeLessThan(at(r, 'READ BINARY DG1'));
    expect(stepOf(r, 'chip.chip_auth')!.detail).toMatch(/proved it holds the private key of DG14 .*, but DG14 is not the one the issuer signed .*it may be a cloned chip/);
    expect(stepOf(r, 'chip.active_auth')!.status).toBe('pass');
    expect(r.verdict).toBe('fail');
  });
});

describe('readChip: BAC when PACE is broken', () => {
  it('paceBroken: PACE fails with 6A80, BAC opens the chip, the detail names both, the rest passes', async () => {
    const r = await read({ faults: { paceBroken: true } });
    expect(r.steps.filter((s) => s.status !== 'pass'), show(r)).toEqual([]);
    const access = stepOf(r, 'chip.access')!;
    expect(access.detail).toMatch(/^opened with BAC with the MRZ, the fallback ICAO 9303-11 §4\.2 keeps, because PACE \(ECDH generic mapping, brainpoolP256r1, AES-128\) with the MRZ failed: MSE:Set AT failed \(SW 6A80: [^)]*\); secure messaging 3DES$/);
    expect(at(r, 'MSE:Set AT (PACE)')).toBeLessThan(at(r, 'GET CHALLENGE'));
    expect(at(r, 'EXTERNAL AUTHENTICATE')).toBeLessThan(at(r, 'MSE:Set AT (CA)'));
    expect(r.passport.outcomes.bac).toEqual({ established: 1, refused: 0 });
    expect(r.verdict).toBe('pass');
  });

  it('a refused MRZ (63xx) is not retried with BAC: no GET CHALLENGE, no EXTERNAL AUTHENTICATE', async () => {
    const r = await read({ faults: { wrongAccessKey: true } });
    expect(r.steps[0]).toEqual({ id: 'chip.access', status: 'fail', detail: ACCESS_REFUSED });
    expect(r.stoppedBy?.code).toBe('access_refused');
    expect(r.wire).toContain('MSE:Set AT (PACE)');
    expect(r.wire).not.toContain('GET CHALLENGE');
    expect(r.wire).not.toContain('EXTERNAL AUTHENTICATE');
    expect(r.passport.outcomes).toEqual({ bac: { established: 0, refused: 0 }, pace: { established: 0, refused: 1 } });
  });

  it('only a CAN and PACE broken: chip.access fails and says BAC needs the MRZ', async () => {
    const r = await read({ faults: { paceBroken: true } }, { can: CAN });
    expect(stepOf(r, 'chip.access')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^PACE .* with the CAN failed: MSE:Set AT failed \(SW 6A80.*; BAC cannot be tried instead: it needs the MRZ, and only the CAN was given/) });
    expect(r.wire).not.toContain('GET CHALLENGE');
    expect(failed(r)).toEqual(['chip.access']);
    expect(r.steps.filter((s) => s.id !== 'chip.access').every((s) => s.status === 'not_possible')).toBe(true);
    expect(r.verdict).toBe('fail');
  });

  it('PACE broken on a chip without BAC: the fallback is tried and chip.access names both failures', async () => {
    const r = await read({ accessControl: { bac: false, pace: [{ parameterId: 13, cipher: 'AES-128' }] }, faults: { paceBroken: true } });
    expect(stepOf(r, 'chip.access')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^PACE .* failed: MSE:Set AT failed \(SW 6A80.*; BAC, tried instead, failed as well: GET CHALLENGE failed \(SW 6D00/) });
    expect(r.stoppedBy?.code).toBe('chip_error');
  });
});
