/**
 * The simulated issuing state's PKI (ICAO 9303-12): a CSCA, a Document Signer it certifies, the CSCA's
 * CRL, and the EF.SOD the Document Signer signs. The PKI faults of a traveller profile are made here:
 * an expired DS certificate, a DS the CRL revokes, a DS issued by a CSCA that is not exported.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { certificate, crl, ecKeys, efSod, keyId, name, rsaKeys, type KeyPair, type TestScheme } from '../pki/test-pki.js';
import type { ChipFaults, TravellerProfile } from './profile.js';

export interface TrustMaterial {
  /** The CSCA certificate a station must trust to verify this chip (DER). */
  readonly cscaDer: Buffer;
  /** The CSCA's current CRL (DER); it lists the DS certificate under `revokedDsCertificate`. */
  readonly crlDer: Buffer;
}

export interface DocumentSigner {
  readonly certificateDer: Buffer;
  readonly issuerName: Buffer;
  readonly serial: bigint;
  readonly privateKey: KeyObject;
  readonly scheme: TestScheme;
  /** The moment EF.SOD says it was signed (inside the DS validity, also when that has passed). */
  readonly signingTime: Date;
}

export interface IssuerPki {
  readonly trust: TrustMaterial;
  readonly documentSigner: DocumentSigner;
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;

function serialNumber(): bigint {
  const b = randomBytes(8);
  b[0] = ((b[0] as number) & 0x7f) | 0x01; // positive, and eight bytes long
  return BigInt(`0x${b.toString('hex')}`);
}

function keysFor(algorithm: TravellerProfile['pki']['algorithm']): { keys: KeyPair; scheme: TestScheme } {
  return algorithm === 'rsa-pss' ? { keys: rsaKeys(2048), scheme: 'rsa-pss-sha256' } : { keys: ecKeys('prime256v1'), scheme: 'ecdsa-sha256' };
}

const spkiOf = (k: KeyPair): Buffer => k.publicKey.export({ type: 'spki', format: 'der' });

interface Csca {
  readonly name: Buffer;
  readonly keys: KeyPair;
  readonly ski: Buffer;
  readonly der: Buffer;
}

function makeCsca(country: string, commonName: string, algorithm: TravellerProfile['pki']['algorithm'], now: number): Csca {
  const { keys, scheme } = keysFor(algorithm);
  const subject = name({ C: country, O: 'Borderpost simulated issuer', CN: commonName });
  const spki = spkiOf(keys);
  const ski = keyId(spki);
  const der = certificate({
    subject,
    issuer: subject,
    serial: serialNumber(),
    notBefore: new Date(now - 5 * YEAR),
    notAfter: new Date(now + 13 * YEAR),
    spki,
    issuerKey: keys.privateKey,
    scheme,
    ca: true,
    ski,
    aki: ski,
  });
  return { name: subject, keys, ski, der };
}

/** Builds the issuer for one profile. `now` fixes every validity period (default: the current time). */
export function createIssuerPki(profile: Pick<TravellerProfile, 'pki'> & { faults: ChipFaults }, now: number = Date.now()): IssuerPki {
  const { country, algorithm } = profile.pki;
  const faults = profile.faults;
  const csca = makeCsca(country, `CSCA ${country} simulated`, algorithm, now);
  // A forger's CSCA: its own key and name, never exported, so no station can trust what it signs.
  const signingCsca = faults.unknownCsca ? makeCsca(country, `CSCA ${country} unlisted`, algorithm, now) : csca;

  const ds = keysFor(algorithm);
  const dsSpki = spkiOf(ds.keys);
  const dsSerial = serialNumber();
  const [notBefore, notAfter, signingTime] = faults.expiredDsCertificate
    ? [now - 4 * YEAR, now - 1 * YEAR, now - 2 * YEAR]
    : [now - 30 * DAY, now + 5 * YEAR, now - DAY];
  const dsDer = certificate({
    subject: name({ C: country, O: 'Borderpost simulated issuer', CN: `Document Signer ${country} 01` }),
    issuer: signingCsca.name,
    serial: dsSerial,
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    spki: dsSpki,
    issuerKey: signingCsca.keys.privateKey,
    scheme: ds.scheme,
    ca: false,
    ski: keyId(dsSpki),
    aki: signingCsca.ski,
  });
  const crlDer = crl({
    issuer: csca.name,
    issuerKey: csca.keys.privateKey,
    scheme: ds.scheme,
    thisUpdate: new Date(now - DAY),
    nextUpdate: new Date(now + 90 * DAY),
    revoked: faults.revokedDsCertificate ? [{ serial: dsSerial, date: new Date(now - 7 * DAY) }] : [],
    aki: csca.ski,
  });
  return {
    trust: { cscaDer: csca.der, crlDer },
    documentSigner: { certificateDer: dsDer, issuerName: signingCsca.name, serial: dsSerial, privateKey: ds.keys.privateKey, scheme: ds.scheme, signingTime: new Date(signingTime) },
  };
}

/** EF.SOD over the given data groups (SHA-256 hashes, signed attributes, the DS certificate inside). */
export function signSecurityObject(signer: DocumentSigner, dataGroups: ReadonlyMap<number, Buffer>): Buffer {
  return efSod({
    dataGroups,
    signerCert: signer.certificateDer,
    signerIssuer: signer.issuerName,
    signerSerial: signer.serial,
    signerKey: signer.privateKey,
    scheme: signer.scheme,
    includeCertificate: true,
    signingTime: signer.signingTime,
  });
}
