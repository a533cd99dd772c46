// Passive authentication through the whole chain — DS certificate → CSCA → CRL — on a synthetic PKI
// built with Node's crypto (native-drivers/simulators/chip/pki/test-pki.ts). The public SOD vectors cannot reach this far:
// their test CSCAs were never published (see sod-vectors.test.ts).
import { describe, expect, it } from 'vitest';
import type { KeyObject } from 'node:crypto';
import { passiveAuthenticate, type PassiveAuthResult } from './passive-auth.js';
import { TrustStore } from './trust-store.js';
import { BRAINPOOL_P256R1, NIST_P256 } from '../../../../native-drivers/epassport/index.js';
import { certificate, crl, ecKeys, efSod, explicitEcSpki, keyId, name, rsaKeys, type TestScheme } from '../../../../native-drivers/simulators/chip/pki/test-pki.js';

const DAY = 86_400_000;
const NOW = new Date('2026-03-01T12:00:00Z');
const days = (n: number): Date => new Date(NOW.getTime() + n * DAY);

const CSCA_NAME = name({ C: 'UT', O: 'Utopia', OU: 'CSCA', CN: 'Utopia CSCA' });
const DS_NAME = name({ C: 'UT', O: 'Utopia', OU: 'Document Signer', CN: 'Utopia DS 1' });
const DG1 = Buffer.concat([Buffer.from('615B5F1F58', 'hex'), Buffer.from('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10', 'latin1')]);
const DG2 = Buffer.from('75820004DEADBEEF', 'hex');

interface Pki {
  readonly cscaDer: Buffer;
  readonly cscaKey: KeyObject;
  readonly cscaSpki: Buffer;
  readonly cscaScheme: TestScheme;
  readonly dsDer: Buffer;
  readonly dsSerial: bigint;
  readonly sod: Buffer;
}

interface PkiOptions {
  cscaCurve?: 'explicit-p256' | 'rsa';
  dsScheme?: TestScheme;
  dsValidity?: [Date, Date];
  cscaValidity?: [Date, Date];
  includeDsInSod?: boolean;
  signingTime?: Date;
  dsSerial?: bigint;
}

function buildPki(o: PkiOptions = {}): Pki {
  const cscaScheme: TestScheme = o.cscaCurve === 'explicit-p256' ? 'ecdsa-sha256' : 'rsa-pkcs1-sha256';
  const csca = o.cscaCurve === 'explicit-p256' ? ecKeys('prime256v1') : rsaKeys(2048);
  const cscaSpki = o.cscaCurve === 'explicit-p256' ? explicitEcSpki(csca.publicKey, NIST_P256) : (csca.publicKey.export({ type: 'spki', format: 'der' }) as Buffer);
  const cscaKid = keyId(cscaSpki);
  const [cNb, cNa] = o.cscaValidity ?? [days(-3000), days(3000)];
  const cscaDer = certificate({
    subject: CSCA_NAME, issuer: CSCA_NAME, serial: 1n, notBefore: cNb, notAfter: cNa, spki: cscaSpki,
    issuerKey: csca.privateKey, scheme: cscaScheme, ca: true, ski: cscaKid, aki: cscaKid,
  });
  const dsScheme = o.dsScheme ?? 'ecdsa-sha256';
  const ds = dsScheme.startsWith('ecdsa') ? ecKeys(BRAINPOOL_P256R1.nodeName) : rsaKeys(2048);
  const dsSpki = ds.publicKey.export({ type: 'spki', format: 'der' }) as Buffer;
  const dsSerial = o.dsSerial ?? 0x0123456789n;
  const [dNb, dNa] = o.dsValidity ?? [days(-100), days(3600)];
  const dsDer = certificate({
    subject: DS_NAME, issuer: CSCA_NAME, serial: dsSerial, notBefore: dNb, notAfter: dNa, spki: dsSpki,
    issuerKey: csca.privateKey, scheme: cscaScheme, ca: false, ski: keyId(dsSpki), aki: cscaKid,
  });
  const sod = efSod({
    dataGroups: new Map([[1, DG1], [2, DG2]]),
    signerCert: dsDer, signerIssuer: CSCA_NAME, signerSerial: dsSerial, signerKey: ds.privateKey, scheme: dsScheme,
    includeCertificate: o.includeDsInSod ?? true, signingTime: o.signingTime,
  });
  return { cscaDer, cscaKey: csca.privateKey, cscaSpki, cscaScheme, dsDer, dsSerial, sod };
}

function storeWith(p: Pki): TrustStore {
  const ts = new TrustStore();
  expect(ts.addCertificate(p.cscaDer)).toMatchObject({ added: true });
  return ts;
}

function revocationList(p: Pki, revoked: bigint[], nextUpdate = days(30)): Buffer {
  return crl({
    issuer: CSCA_NAME, issuerKey: p.cscaKey, scheme: p.cscaScheme,
    thisUpdate: days(-1), nextUpdate, revoked: revoked.map((serial) => ({ serial, date: days(-10) })), aki: keyId(p.cscaSpki),
  });
}

const status = (r: PassiveAuthResult, id: string): string | undefined => r.steps.find((s) => s.id === id)?.status;
const statuses = (r: PassiveAuthResult): Record<string, string> => Object.fromEntries(r.steps.map((s) => [s.id, s.status]));
const dataGroups = new Map([[1, DG1], [2, DG2]]);

describe('passive authentication with a trusted CSCA', () => {
  const pki = buildPki();

  it('every step passes for a genuine document whose CSCA is trusted and whose DS is not revoked', () => {
    const ts = storeWith(pki);
    expect(ts.addCrl(revocationList(pki, [0x99n]))).toMatchObject({ added: true });
    const r = passiveAuthenticate({ sod: pki.sod, dataGroups }, { trustStore: ts, at: NOW });
    expect(statuses(r)).toEqual({
      sod_parse: 'pass', dg_hash_DG1: 'pass', dg_hash_DG2: 'pass', signed_content_type: 'pass', signed_message_digest: 'pass',
      ds_certificate: 'pass', sod_signature: 'pass', ds_validity: 'pass', csca_lookup: 'pass', ds_certificate_signature: 'pass',
      csca_validity: 'pass', ds_revocation: 'pass',
    });
    expect(r.verdict).toBe('pass');
    expect(r.csca?.certificate.der.equals(pki.cscaDer)).toBe(true);
  });

  it('a revoked DS certificate fails the revocation step, naming the serial', () => {
    const ts = storeWith(pki);
    ts.addCrl(revocationList(pki, [0x99n, pki.dsSerial]));
    const r = passiveAuthenticate({ sod: pki.sod, dataGroups }, { trustStore: ts, at: NOW });
    expect(status(r, 'ds_revocation')).toBe('fail');
    expect(r.steps.find((s) => s.id === 'ds_revocation')?.detail).toMatch(/serial 123456789\) was revoked/);
    expect(r.verdict).toBe('fail');
  });

  it('an expired CRL leaves revocation not possible; no CRL at all too', () => {
    const stale = storeWith(pki);
    stale.addCrl(revocationList(pki, [], days(-2)));
    expect(status(passiveAuthenticate({ sod: pki.sod }, { trustStore: stale, at: NOW }), 'ds_revocation')).toBe('not_possible');
    const r = passiveAuthenticate({ sod: pki.sod }, { trustStore: storeWith(pki), at: NOW });
    expect(status(r, 'ds_revocation')).toBe('not_possible');
    expect(r.verdict).toBe('incomplete');
  });

  it('a CRL not signed by the CSCA is ignored', () => {
    const other = buildPki();
    const ts = storeWith(pki);
    // Right issuer name and key identifier, wrong signing key.
    const forged = crl({
      issuer: CSCA_NAME, issuerKey: other.cscaKey, scheme: 'rsa-pkcs1-sha256', thisUpdate: days(-1), nextUpdate: days(30),
      revoked: [{ serial: pki.dsSerial, date: days(-10) }], aki: keyId(pki.cscaSpki),
    });
    expect(ts.addCrl(forged)).toMatchObject({ added: true });
    const step = passiveAuthenticate({ sod: pki.sod }, { trustStore: ts, at: NOW }).steps.find((s) => s.id === 'ds_revocation');
    expect(step).toMatchObject({ status: 'not_possible' });
    expect(step?.detail).toMatch(/not signed by that CSCA/);
  });

  it('a CSCA with the same name but another key does not verify the DS certificate', () => {
    const impostor = buildPki();
    const ts = storeWith(impostor);
    const r = passiveAuthenticate({ sod: pki.sod }, { trustStore: ts, at: NOW });
    expect(status(r, 'csca_lookup')).toBe('pass');
    expect(status(r, 'ds_certificate_signature')).toBe('fail');
    expect(status(r, 'csca_validity')).toBe('not_possible');
  });

  it('a trust store without this issuer makes the chain not possible, not failed', () => {
    const ts = new TrustStore();
    const unrelated = certificate({
      subject: name({ C: 'XX', CN: 'Other CSCA' }), issuer: name({ C: 'XX', CN: 'Other CSCA' }), serial: 5n, notBefore: days(-10), notAfter: days(10),
      spki: pki.cscaSpki, issuerKey: pki.cscaKey, scheme: 'rsa-pkcs1-sha256', ca: true,
    });
    expect(ts.addCertificate(unrelated)).toMatchObject({ added: true });
    const r = passiveAuthenticate({ sod: pki.sod }, { trustStore: ts, at: NOW });
    expect(status(r, 'csca_lookup')).toBe('not_possible');
    expect(r.verdict).toBe('incomplete');
  });

  it('a changed data group fails its hash step and only that one', () => {
    const changed = Buffer.from(DG1);
    changed[10] = 0x58;
    const r = passiveAuthenticate({ sod: pki.sod, dataGroups: { 1: changed, 2: DG2 } }, { trustStore: storeWith(pki), at: NOW });
    expect(status(r, 'dg_hash_DG1')).toBe('fail');
    expect(status(r, 'dg_hash_DG2')).toBe('pass');
    expect(status(r, 'sod_signature')).toBe('pass');
  });

  it('a data group the SOD does not list fails', () => {
    const r = passiveAuthenticate({ sod: pki.sod, dataGroups: { 3: Buffer.from('630100', 'hex') } }, { at: NOW });
    expect(r.steps.find((s) => s.id === 'dg_hash_DG3')?.detail).toMatch(/does not list it/);
  });
});

describe('validity periods', () => {
  it('an expired DS certificate fails ds_validity', () => {
    const pki = buildPki({ dsValidity: [days(-400), days(-1)] });
    expect(status(passiveAuthenticate({ sod: pki.sod }, { trustStore: storeWith(pki), at: NOW }), 'ds_validity')).toBe('fail');
  });

  it('a signingTime outside the DS validity fails ds_validity', () => {
    const pki = buildPki({ signingTime: days(-200) });
    const step = passiveAuthenticate({ sod: pki.sod }, { at: NOW }).steps.find((s) => s.id === 'ds_validity');
    expect(step?.status).toBe('fail');
    expect(step?.detail).toMatch(/was signed on/);
  });

  it('a document issue date outside the DS validity fails ds_validity when the SOD has no signingTime', () => {
    const pki = buildPki();
    expect(status(passiveAuthenticate({ sod: pki.sod }, { at: NOW, documentIssueDate: days(-50) }), 'ds_validity')).toBe('pass');
    const step = passiveAuthenticate({ sod: pki.sod }, { at: NOW, documentIssueDate: days(-150) }).steps.find((s) => s.id === 'ds_validity');
    expect(step).toMatchObject({ status: 'fail' });
    expect(step?.detail).toMatch(/the document was issued on/);
  });

  it('an expired CSCA fails csca_validity', () => {
    const pki = buildPki({ cscaValidity: [days(-3000), days(-5)], dsValidity: [days(-100), days(100)] });
    expect(status(passiveAuthenticate({ sod: pki.sod }, { trustStore: storeWith(pki), at: NOW }), 'csca_validity')).toBe('fail');
  });
});

describe('signature algorithms and key encodings', () => {
  const cases: { label: string; o: PkiOptions }[] = [
    { label: 'RSASSA-PSS SHA-256 DS, RSA CSCA', o: { dsScheme: 'rsa-pss-sha256' } },
    { label: 'RSA PKCS#1 v1.5 DS', o: { dsScheme: 'rsa-pkcs1-sha256' } },
    { label: 'ECDSA brainpoolP256r1 DS with a plain (BSI TR-03111) signature', o: { dsScheme: 'ecdsa-plain-sha256' } },
    { label: 'CSCA with an explicit-parameter P-256 key signing with ECDSA', o: { cscaCurve: 'explicit-p256' } },
  ];
  for (const c of cases) {
    it(`${c.label}: SOD signature and DS certificate signature verify`, () => {
      const pki = buildPki(c.o);
      const ts = storeWith(pki);
      const r = passiveAuthenticate({ sod: pki.sod, dataGroups }, { trustStore: ts, at: NOW });
      expect(status(r, 'sod_signature')).toBe('pass');
      expect(status(r, 'ds_certificate_signature')).toBe('pass');
      if (c.o.cscaCurve === 'explicit-p256') expect(ts.all()[0]?.key.notes.join()).toMatch(/explicit EC parameters match P-256/);
    });
  }
});

describe('where the DS certificate comes from', () => {
  it('a SOD without its DS certificate cannot be checked, unless the certificate is supplied', () => {
    const pki = buildPki({ includeDsInSod: false });
    const without = passiveAuthenticate({ sod: pki.sod }, { at: NOW });
    expect(status(without, 'ds_certificate')).toBe('not_possible');
    expect(status(without, 'sod_signature')).toBe('not_possible');
    const withCert = passiveAuthenticate({ sod: pki.sod, dataGroups }, { at: NOW, dsCertificate: pki.dsDer, trustStore: storeWith(pki) });
    expect(withCert.verdict).toBe('incomplete'); // everything passes but there is no CRL
    expect(status(withCert, 'sod_signature')).toBe('pass');
  });

  it('a supplied certificate that is not the signer is refused', () => {
    const pki = buildPki({ includeDsInSod: false });
    const other = buildPki({ dsSerial: 77n });
    expect(status(passiveAuthenticate({ sod: pki.sod }, { at: NOW, dsCertificate: other.dsDer }), 'ds_certificate')).toBe('fail');
  });
});
