/**
 * What a file offered to the trust store is: an ICAO CSCA master list (CMS SignedData, eContentType
 * 2.23.136.1.1.2), a certificate, a CRL, or PEM text holding certificates and CRLs. Anything else is
 * refused with a reason an operator can act on (an EF.SOD, an LDIF download, a private key, …).
 *
 * Pure: bytes in, objects out. Whether each object is acceptable (a parseable certificate whose
 * self-signature verifies, …) is the TrustStore's decision, made per object when it is added.
 */
import { ChipDataError } from './errors.js';
import { TAG, parseDer, readOid } from './der.js';
import { parseMasterList } from './master-list.js';
import { OID, describeOid } from './oid.js';

export type TrustObjectKind = 'master-list' | 'certificate' | 'crl';
/** A PEM file with both certificates and CRLs is a `pem-bundle`. */
export type TrustFileKind = TrustObjectKind | 'pem-bundle';

export interface TrustObject {
  readonly kind: TrustObjectKind;
  readonly der: Buffer;
  /** Position in the file (the PEM block number; 0 for a DER file). */
  readonly index: number;
}

export type TrustFileDetection =
  | { readonly ok: true; readonly kind: TrustFileKind; readonly objects: readonly TrustObject[]; readonly ignored: readonly { readonly index: number; readonly reason: string }[] }
  | { readonly ok: false; readonly code: string; readonly reason: string };

const refuse = (code: string, reason: string): TrustFileDetection => ({ ok: false, code, reason });

/** Classifies one DER object. */
function classifyDer(der: Buffer): { kind: TrustObjectKind } | { code: string; reason: string } {
  let root;
  try {
    root = parseDer(der);
  } catch (e) {
    if (!(e instanceof ChipDataError)) throw e;
    return { code: 'not_der', reason: `not a DER object (${e.message})` };
  }
  if (root.tag === 0x77) return { code: 'ef_sod', reason: 'this is an EF.SOD read from a chip (tag 77), not trust material' };
  const children = root.children ?? [];
  const first = children[0];
  if (root.tag !== TAG.SEQUENCE || !first) {
    return { code: 'unknown_der', reason: `a DER object with tag 0x${root.tag.toString(16).toUpperCase()}, not a certificate, CRL or master list` };
  }
  if (first.tag === TAG.OID) {
    let contentType: string;
    try {
      contentType = readOid(first);
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
      return { code: 'unknown_der', reason: `a DER SEQUENCE starting with a malformed OID (${e.message})` };
    }
    if (contentType !== OID.signedData) return { code: 'unknown_cms', reason: `a CMS ContentInfo of type ${describeOid(contentType)}, not a signed CSCA master list` };
    try {
      parseMasterList(der);
      return { kind: 'master-list' };
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
      return { code: 'not_master_list', reason: `a CMS SignedData that is not a readable ICAO CSCA master list: ${e.message}` };
    }
  }
  if (first.tag === TAG.SEQUENCE && children.length === 3 && first.children) {
    // tbsCertList has thisUpdate (a Time) directly inside; tbsCertificate keeps its times in validity.
    const isCrl = first.children.some((c) => c.tag === TAG.UTC_TIME || c.tag === TAG.GENERALIZED_TIME);
    return { kind: isCrl ? 'crl' : 'certificate' };
  }
  return { code: 'unknown_der', reason: 'a DER SEQUENCE that is neither a certificate, a CRL nor a CMS master list' };
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const PEM_LABELS: Readonly<Record<string, TrustObjectKind>> = {
  CERTIFICATE: 'certificate',
  'X509 CERTIFICATE': 'certificate',
  'X509 CRL': 'crl',
  CMS: 'master-list',
  PKCS7: 'master-list',
};

function detectPem(text: string): TrustFileDetection {
  const objects: TrustObject[] = [];
  const ignored: { index: number; reason: string }[] = [];
  let index = 0;
  for (const m of text.matchAll(PEM_BLOCK)) {
    const label = m[1] as string;
    const body = (m[2] as string).trim();
    const at = index++;
    const want = PEM_LABELS[label];
    if (!want) {
      ignored.push({ index: at, reason: `a PEM "${label}" block is not trust material${/PRIVATE/.test(label) ? ' (a private key: keep it off the station)' : ''}` });
      continue;
    }
    if (!/^[A-Za-z0-9+/=\r\n]+$/.test(body)) {
      ignored.push({ index: at, reason: `the PEM "${label}" block has headers or characters outside base64` });
      continue;
    }
    const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
    const c = classifyDer(der);
    if ('code' in c) ignored.push({ index: at, reason: `the PEM "${label}" block is ${c.reason}` });
    else if (c.kind !== want) ignored.push({ index: at, reason: `the PEM "${label}" block holds a ${c.kind}, not a ${want}` });
    else objects.push({ kind: c.kind, der, index: at });
  }
  if (index === 0) return refuse('no_pem_block', 'PEM text without a complete -----BEGIN …----- / -----END …----- block');
  if (objects.length === 0) return refuse('no_trust_material', `no certificate, CRL or master list in the PEM file: ${ignored.map((i) => i.reason).join('; ')}`);
  const kinds = new Set(objects.map((o) => o.kind));
  const kind: TrustFileKind = kinds.size === 1 ? (objects[0] as TrustObject).kind : 'pem-bundle';
  return { ok: true, kind, objects, ignored };
}

/** UTF-8 (or ASCII) without control characters other than tab and line ends, in the first 256 bytes. */
function looksLikeText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 256), { stream: true });
  } catch {
    return false;
  }
  return text.length > 0 && !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text);
}

/** Classifies a file's bytes. Never throws for bad input. */
export function detectTrustFile(bytes: Buffer): TrustFileDetection {
  if (bytes.length === 0) return refuse('empty', 'the file is empty');
  const head = bytes.subarray(0, 256).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (head.startsWith('-----BEGIN ')) return detectPem(bytes.toString('latin1'));
  if (/^(dn|version):/i.test(head)) {
    return refuse('ldif', 'an LDIF file (an ICAO PKD download): import the master lists or certificates it carries, not the LDIF itself');
  }
  const c = classifyDer(bytes);
  if ('code' in c) {
    // Certificates, CRLs and lists turn binary within their first bytes (lengths, OIDs): all-printable is prose.
    if (looksLikeText(bytes)) return refuse('text', 'a text file without a PEM block, not a certificate, CRL or master list');
    return refuse(c.code, c.reason);
  }
  return { ok: true, kind: c.kind, objects: [{ kind: c.kind, der: bytes, index: 0 }], ignored: [] };
}
