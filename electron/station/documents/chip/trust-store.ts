/**
 * In-memory trust store of CSCA certificates (trust anchors) and CRLs, fed one certificate at a time,
 * from CRL files, or from an ICAO master list. Loading never fails as a whole because one entry is
 * bad: each entry is added or skipped with a reason.
 *
 * Node's X509Certificate is used as a second parser: a certificate OpenSSL refuses is skipped, so the
 * anchors this store hands out are ones both readers agree on.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { ChipDataError } from './errors.js';
import { parseCrl, type Crl } from './crl.js';
import { parseMasterList, verifyMasterListSignature } from './master-list.js';
import { importPublicKey, type ImportedPublicKey } from './public-key.js';
import { verifySignedObject } from './signature.js';
import { formatName, isSelfSigned, namesEqual, parseCertificate, type Certificate } from './x509.js';
import type { CheckStep } from './check-step.js';

export interface TrustAnchor {
  readonly certificate: Certificate;
  readonly key: ImportedPublicKey;
  /** Where it came from: 'manual', 'master list', … */
  readonly source: string;
  readonly sha256: string;
}

export type AddResult = { readonly added: true; readonly sha256: string } | { readonly added: false; readonly reason: string };

export interface MasterListLoadResult {
  readonly added: number;
  readonly skipped: readonly { readonly index: number; readonly reason: string }[];
  /** Deviations tolerated in certificates that were added (negative serials, explicit curves, …). */
  readonly warnings: readonly { readonly index: number; readonly warning: string }[];
  /** The master list's own signature checks (reported, not required). */
  readonly signature: readonly CheckStep[];
}

export class TrustStore {
  private readonly anchors: TrustAnchor[] = [];
  private readonly bySha256 = new Map<string, TrustAnchor>();
  private readonly crlList: Crl[] = [];

  get size(): number {
    return this.anchors.length;
  }

  get crls(): readonly Crl[] {
    return this.crlList;
  }

  all(): readonly TrustAnchor[] {
    return this.anchors;
  }

  /** Adds one CSCA (or link) certificate. Never throws for bad input: it says why it was not added. */
  addCertificate(der: Buffer, source = 'manual'): AddResult {
    const sha256 = createHash('sha256').update(der).digest('hex');
    if (this.bySha256.has(sha256)) return { added: false, reason: 'already in the trust store (same certificate)' };
    let certificate: Certificate;
    try {
      certificate = parseCertificate(der);
    } catch (e) {
      if (e instanceof ChipDataError) return { added: false, reason: `cannot be read: ${e.message}` };
      throw e;
    }
    try {
      new X509Certificate(der);
    } catch (e) {
      return { added: false, reason: `OpenSSL refuses the certificate: ${(e as Error).message}` };
    }
    let key: ImportedPublicKey;
    try {
      key = importPublicKey(certificate.spki);
    } catch (e) {
      if (e instanceof ChipDataError) return { added: false, reason: `public key unusable: ${e.message}` };
      throw e;
    }
    if (isSelfSigned(certificate)) {
      const self = verifySignedObject(certificate, key);
      if (!self.valid) return { added: false, reason: `self-signed certificate whose signature does not verify (${self.detail})` };
    }
    const anchor: TrustAnchor = { certificate, key, source, sha256 };
    this.anchors.push(anchor);
    this.bySha256.set(sha256, anchor);
    return { added: true, sha256 };
  }

  /** Adds a CRL. Its signature is checked against the issuing CSCA when it is used, not here. */
  addCrl(der: Buffer): AddResult {
    let crl: Crl;
    try {
      crl = parseCrl(der);
    } catch (e) {
      if (e instanceof ChipDataError) return { added: false, reason: `cannot be read: ${e.message}` };
      throw e;
    }
    const sha256 = createHash('sha256').update(der).digest('hex');
    if (this.crlList.some((c) => c.der.equals(crl.der))) return { added: false, reason: 'already in the trust store (same CRL)' };
    this.crlList.push(crl);
    return { added: true, sha256 };
  }

  /**
   * Loads every certificate of an ICAO CSCA master list. Throws MasterListError only when the
   * container itself cannot be read; individual certificates are skipped with their reason.
   */
  addMasterList(der: Buffer, options?: { at?: Date }): MasterListLoadResult {
    const ml = parseMasterList(der);
    let added = 0;
    const skipped: { index: number; reason: string }[] = [];
    const warnings: { index: number; warning: string }[] = [];
    for (const entry of ml.entries) {
      const r = this.addCertificate(entry.der, 'master list');
      if (!r.added) {
        skipped.push({ index: entry.index, reason: r.reason });
        continue;
      }
      added++;
      const anchor = this.bySha256.get(r.sha256);
      for (const warning of [...(anchor?.certificate.quirks ?? []), ...(anchor?.key.notes ?? [])]) warnings.push({ index: entry.index, warning });
    }
    return { added, skipped, warnings, signature: verifyMasterListSignature(ml, options?.at) };
  }

  /**
   * Candidate issuers of a certificate: anchors whose subject key identifier equals its authority key
   * identifier, then anchors whose subject equals its issuer name (when the AKI is absent or matches
   * nothing). Several can match across key roll-over; the caller tries each signature.
   */
  findIssuers(cert: Certificate): TrustAnchor[] {
    const akid = cert.authorityKeyIdentifier?.keyIdentifier;
    const byKeyId = akid ? this.anchors.filter((a) => a.certificate.subjectKeyIdentifier?.equals(akid)) : [];
    if (byKeyId.length > 0) return byKeyId;
    return this.anchors.filter((a) => namesEqual(a.certificate.subject, cert.issuer));
  }

  /** CRLs issued under a CSCA's name (signature not yet checked). */
  crlsIssuedBy(anchor: TrustAnchor): Crl[] {
    return this.crlList.filter(
      (c) =>
        namesEqual(c.issuer, anchor.certificate.subject) &&
        (!c.authorityKeyIdentifier || !anchor.certificate.subjectKeyIdentifier || c.authorityKeyIdentifier.equals(anchor.certificate.subjectKeyIdentifier)),
    );
  }

  describe(anchor: TrustAnchor): string {
    return formatName(anchor.certificate.subject);
  }
}
