/**
 * The checks a CMS SignerInfo needs, shared by EF.SOD and the master list (RFC 5652 §5.4–5.6, §11):
 * the contentType attribute names the eContentType, the messageDigest attribute is the hash of the
 * eContent, and the signature over the DER SET OF signed attributes verifies with the signer's key.
 */
import { ChipDataError } from './errors.js';
import { digest, requireHash, signatureScheme, type HashName, type SignatureScheme } from './algorithms.js';
import { findAttribute, type SignerInfo } from './cms.js';
import { readOctetString, readOid, readTime } from './der.js';
import { oidName, OID } from './oid.js';
import type { ImportedPublicKey } from './public-key.js';
import { verifySignature, type SignatureResult } from './signature.js';
import { namesEqual, serialHex, type Certificate } from './x509.js';
import { step, type CheckStep } from './check-step.js';

export function findSignerCertificate(si: SignerInfo, certificates: readonly Certificate[]): Certificate | undefined {
  const sid = si.sid;
  if (sid.kind === 'subjectKeyIdentifier') return certificates.find((c) => c.subjectKeyIdentifier?.equals(sid.keyIdentifier));
  return certificates.find((c) => c.serial === sid.serial && namesEqual(c.issuer, sid.issuer));
}

export function describeSid(si: SignerInfo): string {
  return si.sid.kind === 'subjectKeyIdentifier'
    ? `subject key identifier ${si.sid.keyIdentifier.toString('hex').toUpperCase()}`
    : `serial ${serialHex(si.sid.serial)}`;
}

export function signingTimeOf(si: SignerInfo): Date | undefined {
  const attr = findAttribute(si, OID.signingTime);
  const value = attr?.values[0];
  if (!value) return undefined;
  try {
    return readTime(value, 'signingTime');
  } catch (e) {
    if (e instanceof ChipDataError) return undefined;
    throw e;
  }
}

/** contentType and messageDigest checks, with step ids `${prefix}content_type` and `${prefix}message_digest`. */
export function checkSignedAttributes(si: SignerInfo, eContentType: string, eContent: Buffer, prefix: string): CheckStep[] {
  const ctId = `${prefix}content_type`;
  const mdId = `${prefix}message_digest`;
  if (!si.signedAttributes) {
    const why = 'the SignerInfo has no signed attributes, which ICAO 9303 requires';
    return [step(ctId, 'fail', why), step(mdId, 'fail', why)];
  }
  const out: CheckStep[] = [];
  const ct = findAttribute(si, OID.contentType);
  const ctValue = ct?.values.length === 1 ? ct.values[0] : undefined;
  if (!ctValue) {
    out.push(step(ctId, 'fail', 'the signed attributes lack a single contentType value'));
  } else {
    let value: string | undefined;
    try {
      value = readOid(ctValue, 'contentType');
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
    }
    out.push(
      value === eContentType
        ? step(ctId, 'pass', `signed contentType is ${oidName(value)}, as in the content`)
        : step(ctId, 'fail', `signed contentType ${value ? oidName(value) : '(unreadable)'} differs from the content type ${oidName(eContentType)}`),
    );
  }
  const md = findAttribute(si, OID.messageDigest);
  let hash: HashName;
  try {
    hash = requireHash(si.digestAlgorithm, 'SignerInfo.digestAlgorithm');
  } catch (e) {
    if (!(e instanceof ChipDataError)) throw e;
    out.push(step(mdId, 'not_possible', e.message));
    return out;
  }
  const mdValue = md?.values.length === 1 ? md.values[0] : undefined;
  if (!mdValue) {
    out.push(step(mdId, 'fail', 'the signed attributes lack a single messageDigest value'));
    return out;
  }
  let signedDigest: Buffer | undefined;
  try {
    signedDigest = readOctetString(mdValue, 'messageDigest');
  } catch (e) {
    if (!(e instanceof ChipDataError)) throw e;
  }
  const actual = digest(hash, eContent);
  out.push(
    signedDigest && actual.equals(signedDigest)
      ? step(mdId, 'pass', `${hash.toUpperCase()} of the content matches the signed messageDigest`)
      : step(mdId, 'fail', `${hash.toUpperCase()} of the content does not match the signed messageDigest: the content was changed after signing`),
  );
  return out;
}

/** Verifies the SignerInfo signature (over the signed attributes, or the content when there are none). */
export function verifySignerSignature(si: SignerInfo, eContent: Buffer, key: ImportedPublicKey): SignatureResult {
  let hash: HashName | undefined;
  try {
    hash = requireHash(si.digestAlgorithm, 'SignerInfo.digestAlgorithm');
  } catch {
    hash = undefined;
  }
  let scheme: SignatureScheme;
  try {
    scheme = signatureScheme(si.signatureAlgorithm, hash);
  } catch (e) {
    if (e instanceof ChipDataError) return { valid: false, detail: e.message };
    throw e;
  }
  return verifySignature(scheme, key, si.signedAttributesDer ?? eContent, si.signature);
}
