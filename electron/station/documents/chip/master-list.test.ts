// The ICAO CSCA master list in shared/datasets/epassport/masterlist (zenopie/csca-trust-store
// allowlist.ml, an unmodified copy of the ICAO PKD master list; see that folder's MANIFEST.md and
// masterlist_summary.json). Read in place, never copied into the repository.
import { describe, expect, it } from 'vitest';
import { TrustStore } from './trust-store.js';
import { MasterListError, parseMasterList, verifyMasterListSignature } from './master-list.js';
import { isSelfSigned, nameAttribute, parseCertificate } from './x509.js';
import { verifySignedObject } from './signature.js';
import { OID } from './oid.js';
import { parseTlv } from '../../../../native-drivers/epassport/index.js';
import { readEpassport } from './test-support/datasets.js';

const ML = readEpassport('masterlist/icao_masterlist_allowlist.ml');
const SUMMARY = JSON.parse(readEpassport('masterlist/masterlist_summary.json').toString('utf8')) as {
  csca_certificate_count: number;
  countries: number;
  certs_per_country: Record<string, number>;
  cms_signer_certificates: { subject: string; not_before: string; not_after: string }[];
};
// Inside the ML signer's validity (2025-06-27 … 2026-09-26, per the summary).
const SIGNER_VALID = new Date('2025-08-01T00:00:00Z');

describe('ICAO CSCA master list', () => {
  const store = new TrustStore();
  const result = store.addMasterList(ML, { at: SIGNER_VALID });

  it(`loads all ${SUMMARY.csca_certificate_count} certificates: none is malformed enough to skip`, () => {
    expect(parseMasterList(ML).entries).toHaveLength(SUMMARY.csca_certificate_count);
    expect(result.added).toBe(520);
    expect(result.skipped).toEqual([]);
    expect(store.size).toBe(520);
  });

  it('has the per-country counts of masterlist_summary.json (95 country codes, as written in the subjects)', () => {
    const counts: Record<string, number> = {};
    for (const a of store.all()) {
      const c = nameAttribute(a.certificate.subject, OID.countryName) ?? '?';
      counts[c] = (counts[c] ?? 0) + 1;
    }
    expect(Object.keys(counts)).toHaveLength(SUMMARY.countries);
    expect(counts).toEqual(SUMMARY.certs_per_country);
  });

  it('tolerates and records the oddities real CSCAs carry', () => {
    const count = (re: RegExp): number => new Set(result.warnings.filter((w) => re.test(w.warning)).map((w) => w.index)).size;
    expect(count(/serial number is negative/)).toBe(3);
    expect(count(/ECDSA signature algorithm carries NULL parameters/)).toBe(17);
    expect(count(/explicit EC parameters match brainpool/)).toBe(90);
    expect(count(/explicit EC parameters match P-/)).toBe(65);
    expect(count(/not in the curve table/)).toBe(0);
  });

  it('356 are self-signed and verify; the 164 link certificates each verify under a CSCA in the list', () => {
    const self = store.all().filter((a) => isSelfSigned(a.certificate));
    expect(self).toHaveLength(356);
    const links = store.all().filter((a) => !isSelfSigned(a.certificate));
    expect(links).toHaveLength(164);
    for (const link of links) {
      const issuers = store.findIssuers(link.certificate).filter((i) => i !== link);
      expect(issuers.some((i) => verifySignedObject(link.certificate, i.key).valid)).toBe(true);
    }
  });

  it('verifies the master list signature, signer and signer issuer (UN CSCA) inside the signer validity', () => {
    expect(result.signature.map((s) => [s.id, s.status])).toEqual([
      ['ml_signer_certificate', 'pass'],
      ['ml_content_type', 'pass'],
      ['ml_message_digest', 'pass'],
      ['ml_signature', 'pass'],
      ['ml_signer_validity', 'pass'],
      ['ml_signer_issuer', 'pass'],
    ]);
    expect(result.signature[0]?.detail).toMatch(/ICAO Master List Signer/);
    expect(result.signature[5]?.detail).toMatch(/United Nations CSCA/);
  });

  it('reports an expired signer without refusing the list', () => {
    const steps = verifyMasterListSignature(parseMasterList(ML), new Date('2027-01-01T00:00:00Z'));
    expect(steps.find((s) => s.id === 'ml_signer_validity')?.status).toBe('fail');
    expect(steps.find((s) => s.id === 'ml_signature')?.status).toBe('pass');
  });

  it('adding the same list again adds nothing and says why', () => {
    const again = store.addMasterList(ML, { at: SIGNER_VALID });
    expect(again.added).toBe(0);
    expect(again.skipped).toHaveLength(520);
    expect(again.skipped[0]?.reason).toMatch(/already in the trust store/);
  });
});

describe('a damaged master list', () => {
  const entries = parseMasterList(ML).entries;
  const selfSignedIndex = entries.findIndex((e) => isSelfSigned(parseCertificate(e.der)));

  it('skips a certificate whose self-signature was damaged and loads the other 519; the list signature then fails', () => {
    expect(selfSignedIndex).toBeGreaterThanOrEqual(0);
    const e = entries[selfSignedIndex]!;
    const damaged = Buffer.from(ML);
    damaged[e.offset + e.der.length - 3] = (damaged[e.offset + e.der.length - 3] as number) ^ 0x01; // inside the signature
    const store = new TrustStore();
    const r = store.addMasterList(damaged, { at: SIGNER_VALID });
    expect(r.added).toBe(519);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]?.index).toBe(selfSignedIndex);
    expect(r.skipped[0]?.reason).toMatch(/self-signed certificate whose signature does not verify/);
    expect(r.signature.find((s) => s.id === 'ml_message_digest')?.status).toBe('fail');
  });

  it('skips a certificate whose structure is broken (serial number re-tagged) with a reason naming it', () => {
    const e = entries[7]!;
    const tbs = parseTlv(e.der).children?.[0];
    const serial = tbs?.children?.[1];
    expect(serial?.tag).toBe(0x02);
    const damaged = Buffer.from(ML);
    damaged[e.offset + (serial?.offset ?? 0)] = 0x04;
    const r = new TrustStore().addMasterList(damaged, { at: SIGNER_VALID });
    expect(r.added).toBe(519);
    expect(r.skipped).toEqual([{ index: 7, reason: expect.stringMatching(/cannot be read: .*serialNumber: expected tag 0x2, found 0x4/) }]);
  });

  it('refuses a file that is not a master list with a typed error', () => {
    expect(() => new TrustStore().addMasterList(readEpassport('vectors/01_EF_SOD_sod_L31.bin'))).toThrow(MasterListError);
    expect(() => new TrustStore().addMasterList(ML.subarray(0, 1000))).toThrow(MasterListError);
  });
});
