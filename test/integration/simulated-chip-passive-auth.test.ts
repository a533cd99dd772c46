/**
 * The simulated ePassport read through its own protocol (in-process, no PC/SC) and judged by the
 * station's passive authentication with only the trust material the chip exports: a genuine chip
 * passes every step, and each PKI fault a profile can ask for fails exactly the step that should
 * catch it. This is where the two halves that may not import each other (drivers, station) meet.
 */
import { describe, expect, it } from 'vitest';
import { passiveAuthenticate, type PassiveAuthResult } from '../../electron/station/documents/chip/passive-auth.js';
import { TrustStore } from '../../electron/station/documents/chip/trust-store.js';
import { appletTransmit } from '../../native-drivers/simulators/chip/card-applet.js';
import { createSimulatedEPassport } from '../../native-drivers/simulators/chip/epassport/simulated-epassport.js';
import { mrzInformationFromLines, parseTravellerProfile } from '../../native-drivers/simulators/chip/epassport/profile.js';
import { TestTerminal } from '../../native-drivers/simulators/chip/epassport/test-terminal.js';
import { EF } from '../../native-drivers/simulators/chip/plain-epassport-applet.js';

const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];

async function readAndVerify(overrides: Record<string, unknown>, options: { trustCountry?: string } = {}): Promise<PassiveAuthResult> {
  const profile = parseTravellerProfile({
    mrz: MRZ,
    personalDetails: { fullName: 'ERIKSSON<<ANNA<MARIA' },
    activeAuthentication: { algorithm: 'ecdsa', curve: 'P-256' },
    pki: { algorithm: 'ecdsa' },
    ...overrides,
  });
  const chip = await createSimulatedEPassport(profile);
  const terminal = new TestTerminal(appletTransmit(chip));
  const session = await terminal.bac(mrzInformationFromLines(MRZ));
  const dataGroups = new Map<number, Buffer>();
  for (const n of [1, 2, 11, 14, 15]) dataGroups.set(n, await terminal.readFile(session, EF.dg(n)));
  const sod = await terminal.readFile(session, EF.SOD);

  const trust = new TrustStore();
  if (options.trustCountry) {
    // Trust only a CSCA of another country: the issuer of this chip is not one the station knows of.
    const other = await createSimulatedEPassport(parseTravellerProfile({ mrz: MRZ, pki: { algorithm: 'ecdsa', country: options.trustCountry } }));
    expect(trust.addCertificate(other.exportTrustMaterial().cscaDer, 'other country')).toMatchObject({ added: true });
    return passiveAuthenticate({ sod, dataGroups }, { trustStore: trust });
  }
  const { cscaDer, crlDer } = chip.exportTrustMaterial();
  expect(trust.addCertificate(cscaDer, 'simulated issuer')).toMatchObject({ added: true });
  expect(trust.addCrl(crlDer)).toMatchObject({ added: true });
  return passiveAuthenticate({ sod, dataGroups }, { trustStore: trust });
}

const statusOf = (r: PassiveAuthResult, id: string) => r.steps.find((s) => s.id === id)?.status;
const failed = (r: PassiveAuthResult) => r.steps.filter((s) => s.status === 'fail').map((s) => s.id);

describe('passive authentication of simulated chips', () => {
  for (const algorithm of ['ecdsa', 'rsa-pss'] as const) {
    it(`a genuine chip (${algorithm} issuer) passes every step`, async () => {
      const r = await readAndVerify({ pki: { algorithm } });
      expect(r.steps.filter((s) => s.status !== 'pass'), JSON.stringify(r.steps, null, 1)).toEqual([]);
      expect(r.verdict).toBe('pass');
      expect(r.steps.map((s) => s.id)).toEqual(expect.arrayContaining(['dg_hash_DG1', 'dg_hash_DG2', 'dg_hash_DG11', 'dg_hash_DG14', 'dg_hash_DG15', 'sod_signature', 'ds_certificate_signature', 'ds_revocation']));
    }, 20_000);
  }

  it('tamperedDataGroup: only that data group hash fails', async () => {
    const r = await readAndVerify({ faults: { tamperedDataGroup: 11 } });
    expect(failed(r)).toEqual(['dg_hash_DG11']);
  });

  it('expiredDsCertificate: ds_validity fails, the signatures still verify', async () => {
    const r = await readAndVerify({ faults: { expiredDsCertificate: true } });
    expect(failed(r)).toEqual(['ds_validity']);
    expect(statusOf(r, 'sod_signature')).toBe('pass');
    expect(statusOf(r, 'ds_certificate_signature')).toBe('pass');
  });

  it('revokedDsCertificate: ds_revocation fails', async () => {
    const r = await readAndVerify({ faults: { revokedDsCertificate: true } });
    expect(failed(r)).toEqual(['ds_revocation']);
  });

  it('unknownCsca: the trust store knows CSCAs of the issuing country, none issued the Document Signer: csca_lookup fails', async () => {
    const r = await readAndVerify({ faults: { unknownCsca: true } });
    expect(r.verdict).toBe('fail');
    expect(r.steps.find((s) => s.id === 'csca_lookup')).toMatchObject({ status: 'fail', detail: expect.stringContaining('CN=CSCA UT unlisted') });
    expect(statusOf(r, 'sod_signature')).toBe('pass');
  });

  it('a Document Signer of a country with no trusted CSCA at all: csca_lookup is not possible, not failed', async () => {
    const r = await readAndVerify({ faults: { unknownCsca: true } }, { trustCountry: 'XX' });
    expect(r.verdict).toBe('incomplete');
    expect(r.steps.find((s) => s.id === 'csca_lookup')).toMatchObject({ status: 'not_possible', detail: expect.stringContaining('no trusted CSCA') });
  });
});
