/**
 * Passive authentication (ICAO 9303-11 §5.1, 9303-12 for the PKI): proves the chip's data groups are
 * what the issuing state signed, and that the signer is one of that state's Document Signers.
 *
 * The result is a list of named steps, in this order:
 *   sod_parse                       EF.SOD is a well-formed security object
 *   dg_hash_DG<n>                   one per data group read: its hash equals the SOD entry
 *   signed_content_type             signed attribute contentType = eContentType
 *   signed_message_digest           signed attribute messageDigest = hash(eContent)
 *   ds_certificate                  the Document Signer certificate named by the SignerInfo is available
 *   sod_signature                   the SignerInfo signature verifies with the DS public key
 *   ds_validity                     the DS certificate is valid at the inspection time (and at signingTime)
 *   csca_lookup                     a trusted CSCA for the DS issuer is in the trust store
 *   ds_certificate_signature        the DS certificate's signature verifies with that CSCA key
 *   csca_validity                   the CSCA is valid now and was when it issued the DS certificate
 *   ds_revocation                   a current CRL from that CSCA does not list the DS certificate
 *
 * Validity follows ICAO's shell model: a DS certificate lives as long as the documents it signs
 * (9303-12 §7.1.1), and a CSCA as long as the DS certificates it issues, so both are checked at the
 * inspection time `at` (default now).
 */
import { ChipDataError } from './errors.js';
import { digest } from './algorithms.js';
import { step, verdictOf, type CheckStep, type Verdict } from './check-step.js';
import { importPublicKey, type ImportedPublicKey } from './public-key.js';
import { verifySignedObject } from './signature.js';
import { checkSignedAttributes, describeSid, findSignerCertificate, signingTimeOf, verifySignerSignature } from './signer-checks.js';
import { DATA_GROUP_TAGS, dataGroupNumberForTag, parseSod, type Sod } from './sod.js';
import type { TrustAnchor, TrustStore } from './trust-store.js';
import { OID } from './oid.js';
import { formatName, nameAttribute, parseCertificate, serialHex, validAt, type Certificate } from './x509.js';

export interface PassiveAuthOptions {
  readonly trustStore?: TrustStore;
  /** The inspection time validity is checked at. Default: now. */
  readonly at?: Date;
  /** Strict SOD parsing (default true); see sod.ts for what relaxed parsing tolerates. */
  readonly strict?: boolean;
  /** A DS certificate to use when the SOD carries none (some states publish them separately). */
  readonly dsCertificate?: Buffer;
  /**
   * The document's date of issue (DG12, or the visual zone), used as the signing moment when the SOD
   * has no signingTime attribute: the Document Signer must have been valid when it signed.
   */
  readonly documentIssueDate?: Date;
}

export interface PassiveAuthResult {
  readonly verdict: Verdict;
  readonly steps: readonly CheckStep[];
  readonly sod: Sod | undefined;
  readonly dsCertificate: Certificate | undefined;
  readonly csca: TrustAnchor | undefined;
}

const LATER_STEPS = [
  'signed_content_type',
  'signed_message_digest',
  'ds_certificate',
  'sod_signature',
  'ds_validity',
  'csca_lookup',
  'ds_certificate_signature',
  'csca_validity',
  'ds_revocation',
] as const;

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function dataGroupSteps(sod: Sod, dataGroups: ReadonlyMap<number, Buffer>): CheckStep[] {
  const steps: CheckStep[] = [];
  for (const [dg, bytes] of [...dataGroups.entries()].sort((a, b) => a[0] - b[0])) {
    const id = `dg_hash_DG${dg}`;
    const tag = bytes[0];
    const tagDg = tag === undefined ? undefined : dataGroupNumberForTag(tag);
    if (tag !== DATA_GROUP_TAGS[dg]) {
      const found = tag === undefined ? 'it is empty' : `it starts with tag 0x${tag.toString(16).toUpperCase()}${tagDg ? ` (DG${tagDg})` : ''}`;
      steps.push(step(id, 'fail', `the file read as DG${dg} is not DG${dg}: ${found}`));
      continue;
    }
    const expected = sod.lds.dataGroupHashes.get(dg);
    if (!expected) {
      steps.push(step(id, 'fail', `DG${dg} was read from the chip but the SOD does not list it`));
      continue;
    }
    const actual = digest(sod.lds.hash, bytes);
    steps.push(
      actual.equals(expected)
        ? step(id, 'pass', `${sod.lds.hash.toUpperCase()} of DG${dg} matches the SOD`)
        : step(id, 'fail', `DG${dg} does not match its hash in the SOD: the data group was altered or belongs to another document`),
    );
  }
  return steps;
}

function toMap(dataGroups: ReadonlyMap<number, Buffer> | Readonly<Record<number, Buffer>> | undefined): ReadonlyMap<number, Buffer> {
  if (!dataGroups) return new Map();
  if (dataGroups instanceof Map) return dataGroups;
  return new Map(Object.entries(dataGroups).map(([k, v]) => [Number(k), v as Buffer]));
}

export function passiveAuthenticate(
  input: { readonly sod: Buffer; readonly dataGroups?: ReadonlyMap<number, Buffer> | Readonly<Record<number, Buffer>> },
  options: PassiveAuthOptions = {},
): PassiveAuthResult {
  const at = options.at ?? new Date();
  const steps: CheckStep[] = [];
  const finish = (sod?: Sod, ds?: Certificate, csca?: TrustAnchor): PassiveAuthResult => ({
    verdict: verdictOf(steps),
    steps,
    sod,
    dsCertificate: ds,
    csca,
  });
  const skipRest = (reason: string): void => {
    const done = new Set(steps.map((s) => s.id));
    for (const id of LATER_STEPS) if (!done.has(id)) steps.push(step(id, 'not_possible', reason));
  };

  let sod: Sod;
  try {
    sod = parseSod(input.sod, { strict: options.strict ?? true });
  } catch (e) {
    if (!(e instanceof ChipDataError)) throw e;
    steps.push(step('sod_parse', 'fail', `EF.SOD cannot be read: ${e.message.replace(/^EF\.SOD: /, '')}`));
    skipRest('EF.SOD could not be read');
    return finish();
  }
  const dgList = [...sod.lds.dataGroupHashes.keys()].map((n) => `DG${n}`).join(', ');
  steps.push(
    step('sod_parse', 'pass', `EF.SOD lists ${dgList} hashed with ${sod.lds.hash.toUpperCase()}${sod.quirks.length ? `; tolerated: ${sod.quirks.join('; ')}` : ''}`),
  );
  steps.push(...dataGroupSteps(sod, toMap(input.dataGroups)));
  const [ct, md] = checkSignedAttributes(sod.signerInfo, sod.signedData.eContentType, sod.eContent, 'signed_');
  if (ct) steps.push(ct);
  if (md) steps.push(md);

  // Document Signer certificate
  const candidates = [...sod.certificates];
  if (options.dsCertificate) {
    try {
      candidates.push(parseCertificate(options.dsCertificate));
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
      steps.push(step('ds_certificate', 'fail', `the DS certificate supplied separately cannot be read: ${e.message}`));
      skipRest('no usable Document Signer certificate');
      return finish(sod);
    }
  }
  const ds = findSignerCertificate(sod.signerInfo, candidates);
  if (!ds) {
    const why =
      candidates.length === 0
        ? `the SOD carries no Document Signer certificate${sod.certificateErrors.length ? ` that can be read (${sod.certificateErrors.join('; ')})` : ''}`
        : `no certificate matches the SOD signer (${describeSid(sod.signerInfo)})`;
    steps.push(step('ds_certificate', candidates.length === 0 ? 'not_possible' : 'fail', why));
    skipRest('no Document Signer certificate');
    return finish(sod);
  }
  steps.push(step('ds_certificate', 'pass', `Document Signer ${formatName(ds.subject)}, serial ${serialHex(ds.serial)}`));

  let dsKey: ImportedPublicKey | undefined;
  try {
    dsKey = importPublicKey(ds.spki);
  } catch (e) {
    if (!(e instanceof ChipDataError)) throw e;
    steps.push(step('sod_signature', 'fail', `the Document Signer public key cannot be used: ${e.message}`));
  }
  if (dsKey) {
    const sig = verifySignerSignature(sod.signerInfo, sod.eContent, dsKey);
    steps.push(step('sod_signature', sig.valid ? 'pass' : 'fail', sig.valid ? sig.detail : `the SOD signature is not valid: ${sig.detail}`));
  }

  const signingTime = signingTimeOf(sod.signerInfo);
  const signedAt = signingTime ?? options.documentIssueDate;
  const signedWhat = signingTime ? 'the SOD was signed' : 'the document was issued';
  const dsValidity = `${iso(ds.notBefore)} to ${iso(ds.notAfter)}`;
  if (!validAt(ds, at)) {
    steps.push(step('ds_validity', 'fail', `the Document Signer certificate is not valid on ${iso(at)} (valid ${dsValidity})`));
  } else if (signedAt && !validAt(ds, signedAt)) {
    steps.push(step('ds_validity', 'fail', `${signedWhat} on ${iso(signedAt)}, outside the DS certificate validity (${dsValidity})`));
  } else {
    steps.push(step('ds_validity', 'pass', `the Document Signer certificate is valid on ${iso(at)} (valid ${dsValidity})`));
  }

  // Chain to a CSCA
  const store = options.trustStore;
  if (!store || store.size === 0) {
    steps.push(step('csca_lookup', 'not_possible', 'no trusted CSCA certificates are loaded'));
    skipRest('no trusted CSCA for this issuer');
    return finish(sod, ds);
  }
  const issuers = store.findIssuers(ds);
  if (issuers.length === 0) {
    // A country whose CSCAs this station trusts, but none of them issued this Document Signer: the
    // document claims an issuer it cannot prove (a forgery, or a CSCA the trust store lacks). For a
    // country with no trusted CSCA at all, the chain simply cannot be checked here.
    const country = nameAttribute(ds.issuer, OID.countryName)?.toUpperCase();
    const known = country ? store.all().filter((a) => nameAttribute(a.certificate.subject, OID.countryName)?.toUpperCase() === country).length : 0;
    if (known > 0) {
      steps.push(step('csca_lookup', 'fail', `the Document Signer names ${formatName(ds.issuer)} as its issuer, which is none of the ${known} trusted CSCA certificate(s) of ${country}: the document may be forged, or the trust store lacks a newer CSCA of ${country}`));
      skipRest('no trusted CSCA issued the Document Signer');
      return finish(sod, ds);
    }
    steps.push(step('csca_lookup', 'not_possible', `no trusted CSCA for ${formatName(ds.issuer)} in the trust store`));
    skipRest('no trusted CSCA for this issuer');
    return finish(sod, ds);
  }
  let csca: TrustAnchor | undefined;
  let lastDetail = '';
  for (const candidate of issuers) {
    const r = verifySignedObject(ds, candidate.key);
    if (r.valid) {
      csca = candidate;
      lastDetail = r.detail;
      break;
    }
    lastDetail = r.detail;
  }
  steps.push(step('csca_lookup', 'pass', `trusted CSCA ${formatName((csca ?? (issuers[0] as TrustAnchor)).certificate.subject)} (${issuers.length} candidate(s))`));
  if (!csca) {
    steps.push(step('ds_certificate_signature', 'fail', `the DS certificate is not signed by any trusted CSCA named ${formatName(ds.issuer)}: ${lastDetail}`));
    skipRest('the DS certificate does not chain to a trusted CSCA');
    return finish(sod, ds);
  }
  steps.push(step('ds_certificate_signature', 'pass', `the DS certificate is signed by the CSCA: ${lastDetail}`));

  const c = csca.certificate;
  const cscaValidity = `${iso(c.notBefore)} to ${iso(c.notAfter)}`;
  if (!validAt(c, at)) {
    steps.push(step('csca_validity', 'fail', `the CSCA certificate is not valid on ${iso(at)} (valid ${cscaValidity})`));
  } else if (!validAt(c, ds.notBefore)) {
    steps.push(step('csca_validity', 'fail', `the CSCA was not valid when it issued the DS certificate on ${iso(ds.notBefore)} (valid ${cscaValidity})`));
  } else {
    steps.push(step('csca_validity', 'pass', `the CSCA certificate is valid on ${iso(at)} (valid ${cscaValidity})`));
  }

  steps.push(revocationStep(store, csca, ds, at));
  return finish(sod, ds, csca);
}

function revocationStep(store: TrustStore, csca: TrustAnchor, ds: Certificate, at: Date): CheckStep {
  const crls = store.crlsIssuedBy(csca);
  if (crls.length === 0) return step('ds_revocation', 'not_possible', `no CRL from ${formatName(csca.certificate.subject)} is loaded`);
  const genuine = crls.filter((crl) => verifySignedObject(crl, csca.key).valid);
  if (genuine.length === 0) return step('ds_revocation', 'not_possible', `the CRLs under ${formatName(csca.certificate.subject)} are not signed by that CSCA`);
  const newest = genuine.reduce((a, b) => (b.thisUpdate > a.thisUpdate ? b : a));
  for (const crl of genuine) {
    const hit = crl.revoked.find((r) => r.serial === ds.serial);
    if (hit) {
      return step('ds_revocation', 'fail', `the DS certificate (serial ${serialHex(ds.serial)}) was revoked on ${iso(hit.revocationDate)} by its CSCA`);
    }
  }
  if (newest.nextUpdate && newest.nextUpdate < at) {
    return step('ds_revocation', 'not_possible', `not listed, but the newest CRL expired on ${iso(newest.nextUpdate)}: load a current CRL`);
  }
  return step('ds_revocation', 'pass', `not revoked according to the CRL of ${iso(newest.thisUpdate)}`);
}
