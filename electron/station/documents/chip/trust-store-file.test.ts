// The trust folder on disk, with the real ICAO CSCA master list (shared/datasets/epassport/masterlist,
// 520 CSCAs from 95 countries per masterlist_summary.json), the real DS certificates and an EF.SOD
// vector from the same folder, and a CSCA + CRL made with the test PKI builder.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import { certificate, crl, keyId, name, rsaKeys } from '../../../../native-drivers/simulators/chip/pki/test-pki.js';
import { describeTrust, importTrustMaterial, loadTrustDirectory, trustDirPath, TrustDirectoryError } from './trust-store-file.js';
import { detectTrustFile } from './trust-store-file-kind.js';
import { EPASSPORT_DIR, readEpassport } from './test-support/datasets.js';

const ML_PATH = `${EPASSPORT_DIR}masterlist/icao_masterlist_allowlist.ml`;
const SUMMARY = JSON.parse(readEpassport('masterlist/masterlist_summary.json').toString('utf8')) as { csca_certificate_count: number; countries: number; certs_per_country: Record<string, number> };
// Inside the list signer's validity (2025-06-27 … 2026-09-26).
const NOW = new Date('2025-08-01T00:00:00Z');

const pem = (label: string, der: Buffer): string => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

let csca: Buffer;
let cscaCrl: Buffer;
let dsc: Buffer;
beforeAll(() => {
  const k = rsaKeys(2048);
  const spki = k.publicKey.export({ format: 'der', type: 'spki' });
  const subject = name({ C: 'UT', O: 'Utopia', CN: 'CSCA Utopia' });
  csca = certificate({ subject, issuer: subject, serial: 1n, notBefore: new Date('2024-01-01'), notAfter: new Date('2034-01-01'), spki, issuerKey: k.privateKey, scheme: 'rsa-pkcs1-sha256', ca: true, ski: keyId(spki) });
  cscaCrl = crl({ issuer: subject, issuerKey: k.privateKey, scheme: 'rsa-pkcs1-sha256', thisUpdate: new Date('2025-07-01'), nextUpdate: new Date('2025-10-01'), revoked: [{ serial: 77n, date: new Date('2025-06-30') }], aki: keyId(spki) });
  dsc = readEpassport('certs/dsc_de_0142fd5cf927.cer');
});

let dir: ReturnType<typeof tempDir> | null = null;
afterEach(() => {
  dir?.cleanup();
  dir = null;
});
function dataDir(): string {
  dir = tempDir();
  return join(dir.path, 'data');
}

describe('detectTrustFile', () => {
  it('classifies the real master list, DER and PEM certificates and CRLs', () => {
    expect(detectTrustFile(readFileSync(ML_PATH))).toMatchObject({ ok: true, kind: 'master-list' });
    expect(detectTrustFile(csca)).toMatchObject({ ok: true, kind: 'certificate' });
    expect(detectTrustFile(cscaCrl)).toMatchObject({ ok: true, kind: 'crl' });
    const bundle = detectTrustFile(Buffer.from(pem('CERTIFICATE', csca) + pem('X509 CRL', cscaCrl) + pem('PRIVATE KEY', Buffer.from([1, 2, 3]))));
    expect(bundle).toMatchObject({ ok: true, kind: 'pem-bundle', ignored: [{ index: 2 }] });
    expect(bundle.ok && bundle.ignored[0]?.reason).toMatch(/private key: keep it off the station/);
  });

  it('refuses an EF.SOD, an LDIF file, text, empty files and mislabelled PEM, saying what they are', () => {
    expect(detectTrustFile(readEpassport('vectors/01_EF_SOD_sod_L31.bin'))).toMatchObject({ ok: false, code: 'ef_sod' });
    expect(detectTrustFile(Buffer.from('dn: cn=CSCA,o=ml,c=DE\nobjectClass: top\n'))).toMatchObject({ ok: false, code: 'ldif' });
    expect(detectTrustFile(Buffer.from('hello'))).toMatchObject({ ok: false, code: 'text' });
    expect(detectTrustFile(readFileSync(`${EPASSPORT_DIR}MANIFEST.md`))).toMatchObject({ ok: false, code: 'text' });
    expect(detectTrustFile(Buffer.from([0x30, 0x05, 0x01]))).toMatchObject({ ok: false, code: 'not_der' });
    expect(detectTrustFile(Buffer.alloc(0))).toMatchObject({ ok: false, code: 'empty' });
    expect(detectTrustFile(Buffer.from(pem('X509 CRL', csca)))).toMatchObject({ ok: false, code: 'no_trust_material' });
  });
});

describe('importing into <data dir>/trust and loading it back', () => {
  it('imports the ICAO master list: 520 CSCAs added, none skipped, its signature reported', () => {
    const d = dataDir();
    const r = importTrustMaterial(d, ML_PATH, { now: NOW });
    expect(r.refused).toEqual([]);
    expect(r.imported).toHaveLength(1);
    const [ml] = r.imported;
    expect(ml).toMatchObject({ kind: 'master-list', added: SUMMARY.csca_certificate_count, skipped: [], previouslyImportedAt: undefined });
    expect(ml?.sha256).toBe('c07e8be755ff637af06231381b844ea3de5db8f8790fe1ac4e73f2e61c9c0ea5');
    expect(ml?.masterListSignature?.find((s) => s.id === 'ml_signature')?.status).toBe('pass');
    expect(readdirSync(join(trustDirPath(d), 'master-lists'))).toEqual([`${ml?.sha256}.ml`]);

    const loaded = loadTrustDirectory(d, { at: NOW });
    expect(loaded.problems).toEqual([]);
    expect(loaded.store.size).toBe(520);
    const { cscas } = describeTrust(loaded);
    const perCountry: Record<string, number> = {};
    for (const c of cscas) perCountry[c.country] = (perCountry[c.country] ?? 0) + 1;
    // The summary counts codes as the subjects write them (95, including al, ar, ca, gb and ro in lower
    // case); the listing groups them as countries, so AL and al are one group: 90 in all.
    const expected: Record<string, number> = {};
    for (const [k, v] of Object.entries(SUMMARY.certs_per_country)) expected[k.toUpperCase()] = (expected[k.toUpperCase()] ?? 0) + v;
    expect(Object.keys(SUMMARY.certs_per_country)).toHaveLength(SUMMARY.countries);
    expect(perCountry).toEqual(expected);
    expect(Object.keys(perCountry)).toHaveLength(90);
    expect(new Set(cscas.map((c) => c.source))).toEqual(new Set(['master list icao_masterlist_allowlist.ml']));
    expect(cscas.every((c) => c.notBefore < c.notAfter)).toBe(true);
    // The chip README's figures: 356 self-signed CSCAs and 164 link certificates.
    expect(cscas.filter((c) => c.link)).toHaveLength(164);
  });

  it('importing the same list again adds nothing, says when it was first imported, and keeps one index entry', () => {
    const d = dataDir();
    importTrustMaterial(d, ML_PATH, { now: NOW });
    const again = importTrustMaterial(d, ML_PATH, { now: new Date('2025-09-01T00:00:00Z') });
    expect(again.imported[0]).toMatchObject({ added: 0, previouslyImportedAt: NOW.toISOString() });
    expect(again.imported[0]?.skipped).toHaveLength(520);
    expect(again.imported[0]?.skipped.every((s) => /^already in the trust store/.test(s.reason))).toBe(true);
    expect(loadTrustDirectory(d).entries).toHaveLength(1);
  });

  it('imports a directory: certificates and CRLs in DER and PEM; refuses what is not trust material; never trusts a DS certificate', () => {
    const d = dataDir();
    const src = join(dir!.path, 'incoming');
    mkdirSync(join(src, 'nested'), { recursive: true });
    writeFileSync(join(src, 'utopia-csca.der'), csca);
    writeFileSync(join(src, 'nested', 'utopia.crl.pem'), pem('X509 CRL', cscaCrl));
    writeFileSync(join(src, 'README.txt'), 'CSCA certificates for the booth');
    writeFileSync(join(src, '.hidden'), csca);
    writeFileSync(join(src, 'dsc.pem'), pem('CERTIFICATE', dsc));
    copyFileSync(`${EPASSPORT_DIR}vectors/05_EF_SOD_sod_L202.bin`, join(src, 'EF_SOD.bin'));
    const r = importTrustMaterial(d, src, { now: NOW });
    expect(r.imported.map((i) => [i.file.slice(src.length + 1), i.kind, i.added])).toEqual([
      ['dsc.pem', 'certificate', 0],
      ['nested/utopia.crl.pem', 'crl', 1],
      ['utopia-csca.der', 'certificate', 1],
    ]);
    expect(r.imported[0]?.skipped[0]?.reason).toMatch(/HJP PB DS is not a CA certificate.*never a trust anchor/);
    expect(r.refused.map((x) => [x.file.slice(src.length + 1), x.code])).toEqual([
      ['EF_SOD.bin', 'ef_sod'],
      ['README.txt', 'text'],
    ]);
    const loaded = loadTrustDirectory(d);
    expect(describeTrust(loaded)).toEqual({
      cscas: [{ country: 'UT', subject: 'C=UT, O=Utopia, CN=CSCA Utopia', notBefore: '2024-01-01T00:00:00.000Z', notAfter: '2034-01-01T00:00:00.000Z', keyId: expect.stringMatching(/^[0-9A-F]{40}$/), link: false, source: 'certificate utopia-csca.der' }],
      crls: [{ issuer: 'C=UT, O=Utopia, CN=CSCA Utopia', thisUpdate: '2025-07-01T00:00:00.000Z', nextUpdate: '2025-10-01T00:00:00.000Z', entries: 1 }],
    });
  });

  it('leaves out, and reports, a stored file changed after import', () => {
    const d = dataDir();
    const f = join(dir!.path, 'utopia.pem');
    writeFileSync(f, pem('CERTIFICATE', csca) + pem('X509 CRL', cscaCrl));
    expect(importTrustMaterial(d, f, { now: NOW }).imported[0]).toMatchObject({ kind: 'pem-bundle', added: 2 });
    const certFile = readdirSync(join(trustDirPath(d), 'cscas'))[0]!;
    const tampered = Buffer.from(csca);
    tampered[tampered.length - 1]! ^= 1;
    writeFileSync(join(trustDirPath(d), 'cscas', certFile), tampered);
    const loaded = loadTrustDirectory(d);
    expect(loaded.store.size).toBe(0);
    expect(loaded.store.crls).toHaveLength(1);
    expect(loaded.problems).toEqual([{ path: `cscas/${certFile}`, reason: expect.stringMatching(/changed since it was imported from utopia.pem/) }]);
  });

  it('refuses a missing path, a writable-by-others or malformed index, and a held lock', () => {
    const d = dataDir();
    expect(() => importTrustMaterial(d, join(dir!.path, 'nope.ml'))).toThrow(TrustDirectoryError);
    expect(() => importTrustMaterial(d, join(dir!.path, 'nope.ml'))).toThrow(/no such file or directory/);
    const f = join(dir!.path, 'csca.der');
    writeFileSync(f, csca);
    importTrustMaterial(d, f, { now: NOW });
    const index = join(trustDirPath(d), 'index.json');
    expect(existsSync(index)).toBe(true);
    chmodSync(index, 0o666);
    expect(() => loadTrustDirectory(d)).toThrow(/chmod 600/);
    chmodSync(index, 0o600);
    writeFileSync(index, JSON.stringify({ format: 'borderpost-trust-index/1', entries: [{ sha256: 'x' }] }));
    expect(() => loadTrustDirectory(d)).toThrow(/is not a trust index/);
    writeFileSync(join(trustDirPath(d), 'index.json.lock'), '');
    expect(() => importTrustMaterial(d, f)).toThrow(/another change to the trust store is in progress/);
  });
});
