/**
 * ICAO CSCA master list (ICAO Doc 9303-12, "CSCA Master List"): a CMS SignedData whose eContentType is
 * id-icao-cscaMasterList (2.23.136.1.1.2) and whose eContent is
 *
 *   CscaMasterList ::= SEQUENCE { version CscaMasterListVersion (v0), certList SET OF Certificate }
 *
 * Certificates are returned raw: one malformed entry must not sink the other five hundred, so each
 * is parsed (and possibly skipped) by the trust store on its own.
 */
import { ChipDataError } from './errors.js';
import { SequenceReader, TAG, childrenOf, parseDer, readSmallInteger } from './der.js';
import { readSignedData, type SignedData } from './cms.js';
import { OID, describeOid } from './oid.js';
import { importPublicKey } from './public-key.js';
import { verifySignedObject } from './signature.js';
import { checkSignedAttributes, describeSid, findSignerCertificate, signingTimeOf, verifySignerSignature } from './signer-checks.js';
import { formatName, namesEqual, parseCertificate, validAt, type Certificate } from './x509.js';
import { step, type CheckStep } from './check-step.js';

export class MasterListError extends ChipDataError {
  constructor(code: string, message: string, offset?: number) {
    super(code, message, offset);
    this.name = 'MasterListError';
  }
}

export interface MasterListEntry {
  readonly index: number;
  readonly der: Buffer;
  readonly offset: number;
}

export interface MasterList {
  readonly signedData: SignedData;
  readonly version: number;
  readonly entries: readonly MasterListEntry[];
}

export function parseMasterList(der: Buffer): MasterList {
  try {
    const signedData = readSignedData(parseDer(der));
    if (signedData.eContentType !== OID.cscaMasterList) {
      throw new MasterListError('wrong_econtent_type', `eContentType is ${describeOid(signedData.eContentType)}, expected cscaMasterList (${OID.cscaMasterList})`);
    }
    if (!signedData.eContent) throw new MasterListError('missing_econtent', 'the master list has no eContent');
    const root = parseDer(signedData.eContent, { baseOffset: signedData.eContentOffset });
    const r = new SequenceReader(root, 'CscaMasterList');
    const version = readSmallInteger(r.next(TAG.INTEGER, 'version'), 'CscaMasterList.version');
    if (version !== 0) throw new MasterListError('bad_version', `CscaMasterList version ${version} is not v0`, root.offset);
    const set = r.next(TAG.SET, 'certList');
    r.end();
    const entries = childrenOf(set, 'certList').map((c, index) => ({ index, der: c.raw, offset: c.offset }));
    return { signedData, version, entries };
  } catch (e) {
    if (e instanceof MasterListError) throw e;
    if (e instanceof ChipDataError) throw new MasterListError(e.code, `master list: ${e.message.replace(/ \(at byte \d+\)$/, '')}`, e.offset);
    throw e;
  }
}

/**
 * Checks the master list's own signature. Step ids: ml_signer_certificate, ml_content_type,
 * ml_message_digest, ml_signature, ml_signer_validity, ml_signer_issuer.
 *
 * The signer chains to a CSCA (the UN CSCA for the ICAO list) carried in the same SignedData or in the
 * list itself. That makes the last step self-referential: it proves the list is intact and signed by
 * the key it names, not that the key is ICAO's. Pin the signing CSCA out of band to rely on it.
 */
export function verifyMasterListSignature(ml: MasterList, at: Date = new Date()): CheckStep[] {
  const sd = ml.signedData;
  const si = sd.signerInfos[0];
  if (!si || !sd.eContent) {
    return [step('ml_signer_certificate', 'not_possible', 'the master list carries no SignerInfo')];
  }
  const steps: CheckStep[] = [];
  const carried: Certificate[] = [];
  for (const c of sd.certificates) {
    try {
      carried.push(parseCertificate(c.der));
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
    }
  }
  const signer = findSignerCertificate(si, carried);
  steps.push(
    signer
      ? step('ml_signer_certificate', 'pass', `master list signer: ${formatName(signer.subject)}`)
      : step('ml_signer_certificate', 'fail', `no certificate in the master list matches its signer (${describeSid(si)})`),
  );
  steps.push(...checkSignedAttributes(si, sd.eContentType, sd.eContent, 'ml_'));
  if (!signer) {
    steps.push(step('ml_signature', 'not_possible', 'the signer certificate is missing'));
    return steps;
  }
  let signerKey;
  try {
    signerKey = importPublicKey(signer.spki);
  } catch (e) {
    if (!(e instanceof ChipDataError)) throw e;
    steps.push(step('ml_signature', 'not_possible', `signer public key unusable: ${e.message}`));
    return steps;
  }
  const sig = verifySignerSignature(si, sd.eContent, signerKey);
  steps.push(step('ml_signature', sig.valid ? 'pass' : 'fail', sig.detail));
  const signedAt = signingTimeOf(si);
  const validNow = validAt(signer, at);
  const validAtSigning = signedAt ? validAt(signer, signedAt) : true;
  steps.push(
    validNow && validAtSigning
      ? step('ml_signer_validity', 'pass', `signer certificate valid ${signer.notBefore.toISOString()} to ${signer.notAfter.toISOString()}`)
      : step(
          'ml_signer_validity',
          'fail',
          !validAtSigning
            ? `the list was signed on ${signedAt?.toISOString()}, outside the signer certificate's validity`
            : `signer certificate is not valid on ${at.toISOString()} (valid ${signer.notBefore.toISOString()} to ${signer.notAfter.toISOString()})`,
        ),
  );
  const pool: Certificate[] = [...carried];
  for (const entry of ml.entries) {
    try {
      pool.push(parseCertificate(entry.der));
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
    }
  }
  const issuers = pool.filter(
    (c) =>
      c !== signer &&
      namesEqual(c.subject, signer.issuer) &&
      (!signer.authorityKeyIdentifier?.keyIdentifier || !c.subjectKeyIdentifier || c.subjectKeyIdentifier.equals(signer.authorityKeyIdentifier.keyIdentifier)),
  );
  const verified = issuers.find((c) => {
    try {
      return verifySignedObject(signer, importPublicKey(c.spki)).valid;
    } catch (e) {
      if (e instanceof ChipDataError) return false;
      throw e;
    }
  });
  steps.push(
    verified
      ? step(
          'ml_signer_issuer',
          'pass',
          `signer certificate is signed by ${formatName(verified.subject)}, which the list itself carries (pin that CSCA out of band to rely on it)`,
        )
      : issuers.length > 0
        ? step('ml_signer_issuer', 'fail', `the signer certificate's signature does not verify with ${formatName(signer.issuer)}`)
        : step('ml_signer_issuer', 'not_possible', `issuer ${formatName(signer.issuer)} of the signer certificate is not available`),
  );
  return steps;
}
