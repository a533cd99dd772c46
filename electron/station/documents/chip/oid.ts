/**
 * Object identifiers the chip code recognises. Sources: RFC 5652 (CMS), RFC 8017 (PKCS #1),
 * RFC 5758 / RFC 3279 (ECDSA), RFC 5639 (Brainpool), RFC 5280 (X.509), BSI TR-03111 (plain ECDSA),
 * ICAO Doc 9303-10 §4.6.2 and 9303-12 (LDS security object, CSCA master list), 9303-11 §9.2 (PACE).
 */
export const OID = {
  // CMS content types (RFC 5652 §4–5) and attributes (§11)
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',

  // ICAO
  ldsSecurityObject: '2.23.136.1.1.1',
  cscaMasterList: '2.23.136.1.1.2',
  ldsVersionInfo: '2.23.136.1.1.6',

  // Hashes
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',

  // RSA (RFC 8017 Appendix C)
  rsaEncryption: '1.2.840.113549.1.1.1',
  mgf1: '1.2.840.113549.1.1.8',
  rsassaPss: '1.2.840.113549.1.1.10',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  sha224WithRSAEncryption: '1.2.840.113549.1.1.14',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',

  // EC (RFC 5480, RFC 5758)
  ecPublicKey: '1.2.840.10045.2.1',
  primeField: '1.2.840.10045.1.1',
  ecdsaWithSHA1: '1.2.840.10045.4.1',
  ecdsaWithSHA224: '1.2.840.10045.4.3.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  // BSI TR-03111 §5.2.1: ECDSA with the signature as plain r‖s
  ecdsaPlainSHA1: '0.4.0.127.0.7.1.1.4.1.1',
  ecdsaPlainSHA224: '0.4.0.127.0.7.1.1.4.1.2',
  ecdsaPlainSHA256: '0.4.0.127.0.7.1.1.4.1.3',
  ecdsaPlainSHA384: '0.4.0.127.0.7.1.1.4.1.4',
  ecdsaPlainSHA512: '0.4.0.127.0.7.1.1.4.1.5',

  // Named curves
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
  brainpoolP384r1: '1.3.36.3.3.2.8.1.1.11',
  brainpoolP512r1: '1.3.36.3.3.2.8.1.1.13',

  // X.509 extensions (RFC 5280 §4.2.1)
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  privateKeyUsagePeriod: '2.5.29.16',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',

  // X.500 attribute types
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  emailAddress: '1.2.840.113549.1.9.1',
} as const;

const NAMES = new Map<string, string>(Object.entries(OID).map(([name, oid]) => [oid, name]));

/** A readable name for an OID, or the dotted form when it is not one we know. */
export function oidName(oid: string): string {
  return NAMES.get(oid) ?? oid;
}

/** "name (dotted)" for messages, or just the dotted form when the OID is not one we know. */
export function describeOid(oid: string): string {
  const n = NAMES.get(oid);
  return n ? `${n} (${oid})` : oid;
}

/** Short labels for distinguished-name attributes, as in "CN=..., O=..., C=...". */
export const NAME_ATTRIBUTE_LABELS: Readonly<Record<string, string>> = {
  [OID.commonName]: 'CN',
  [OID.serialNumber]: 'SERIALNUMBER',
  [OID.countryName]: 'C',
  [OID.localityName]: 'L',
  [OID.stateOrProvinceName]: 'ST',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
  [OID.emailAddress]: 'E',
};
