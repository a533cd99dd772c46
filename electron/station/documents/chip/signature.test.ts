// Signature checks beyond what the vectors exercise: RSASSA-PSS with an MGF1 hash different from the
// message hash (RFC 8017 §9.1 allows it; Node's API cannot express it), RSASSA-PSS parameter defaults
// (RFC 8017 Appendix A.2.3), keys under the id-RSASSA-PSS OID, RSA moduli missing their sign byte,
// and ECDSA signatures with non-minimal DER integers.
import { constants, createHash, generateKeyPairSync, privateDecrypt, publicDecrypt, randomBytes, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readPssParameters, signatureScheme, type HashName } from './algorithms.js';
import { TAG, encodeOid, parseDer } from './der.js';
import { OID } from './oid.js';
import { importPublicKey } from './public-key.js';
import { emsaPssVerify, verifySignature } from './signature.js';
import { encodeTlv } from '../../../../native-drivers/epassport/index.js';
import { ecKeys, integer, rsaKeys } from '../../../../native-drivers/simulators/chip/pki/test-pki.js';

function mgf1(hash: HashName, seed: Buffer, len: number): Buffer {
  const parts: Buffer[] = [];
  for (let c = 0; Buffer.concat(parts).length < len; c++) {
    const ctr = Buffer.alloc(4);
    ctr.writeUInt32BE(c);
    parts.push(createHash(hash).update(seed).update(ctr).digest());
  }
  return Buffer.concat(parts).subarray(0, len);
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1), written independently of the verifier for this test. */
function emsaPssEncode(message: Buffer, emBits: number, hash: HashName, mgfHash: HashName, sLen: number): Buffer {
  const mHash = createHash(hash).update(message).digest();
  const hLen = mHash.length;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(sLen);
  const H = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - sLen - hLen - 2), Buffer.from([1]), salt]);
  const mask = mgf1(mgfHash, H, db.length);
  for (let i = 0; i < db.length; i++) db[i] = (db[i] as number) ^ (mask[i] as number);
  db[0] = (db[0] as number) & (0xff >> (8 * emLen - emBits));
  return Buffer.concat([db, H, Buffer.from([0xbc])]);
}

describe('RSASSA-PSS', () => {
  const { publicKey, privateKey } = rsaKeys(2048);
  const key = importPublicKey(publicKey.export({ type: 'spki', format: 'der' }) as Buffer);
  const message = Buffer.from('LDS security object signed attributes');

  it('verifies SHA-256 with MGF1-SHA-1 and salt 20 through EMSA-PSS-VERIFY', () => {
    const em = emsaPssEncode(message, 2047, 'sha256', 'sha1', 20);
    const signature = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(256 - em.length), em]));
    const scheme = { kind: 'rsa-pss' as const, pss: { hash: 'sha256' as const, mgf1Hash: 'sha1' as const, saltLength: 20, trailerField: 1 } };
    expect(verifySignature(scheme, key, message, signature)).toMatchObject({ valid: true });
    expect(verifySignature(scheme, key, Buffer.from('something else'), signature)).toMatchObject({ valid: false });
    const wrongSalt = { ...scheme, pss: { ...scheme.pss, saltLength: 32 } };
    expect(verifySignature(wrongSalt, key, message, signature).valid).toBe(false);
  });

  it('the hand-written verifier accepts what OpenSSL signs (same hash for MGF1)', () => {
    const signature = sign('sha256', message, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    const em = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
    expect(emsaPssVerify(em, createHash('sha256').update(message).digest(), 2047, 'sha256', 'sha256', 32)).toBeUndefined();
    expect(emsaPssVerify(em, createHash('sha256').update(message).digest(), 2047, 'sha256', 'sha256', 20)).toBeDefined();
  });

  it('absent parameters mean SHA-1, MGF1-SHA-1, salt 20, trailer 1', () => {
    expect(readPssParameters(undefined)).toEqual({ hash: 'sha1', mgf1Hash: 'sha1', saltLength: 20, trailerField: 1 });
    expect(signatureScheme({ oid: OID.rsassaPss, parameters: parseDer(Buffer.from('3000', 'hex')) })).toEqual({
      kind: 'rsa-pss',
      pss: { hash: 'sha1', mgf1Hash: 'sha1', saltLength: 20, trailerField: 1 },
    });
  });

  it('imports a key published under the id-RSASSA-PSS OID', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const imported = importPublicKey(pss.publicKey.export({ type: 'spki', format: 'der' }) as Buffer);
    expect(imported.type).toBe('rsa');
    expect(imported.notes.join()).toMatch(/id-RSASSA-PSS/);
    const sig = sign('sha256', message, { key: pss.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    expect(verifySignature({ kind: 'rsa-pss', pss: { hash: 'sha256', mgf1Hash: 'sha256', saltLength: 32, trailerField: 1 } }, imported, message, sig).valid).toBe(true);
  });
});

describe('RSA key and ECDSA signature encodings seen in the field', () => {
  it('a modulus written without its leading zero byte is read as unsigned', () => {
    const { publicKey, privateKey } = rsaKeys(2048);
    const jwk = publicKey.export({ format: 'jwk' });
    const n = Buffer.from(jwk.n as string, 'base64url');
    const e = Buffer.from(jwk.e as string, 'base64url');
    expect((n[0] as number) & 0x80).not.toBe(0);
    const rsaPublicKey = encodeTlv(TAG.SEQUENCE, [encodeTlv(TAG.INTEGER, n), encodeTlv(TAG.INTEGER, e)]);
    const spki = encodeTlv(TAG.SEQUENCE, [
      encodeTlv(TAG.SEQUENCE, [encodeOid(OID.rsaEncryption), Buffer.from('0500', 'hex')]),
      encodeTlv(TAG.BIT_STRING, [Buffer.from([0]), rsaPublicKey]),
    ]);
    const key = importPublicKey(spki);
    expect(key.notes.join()).toMatch(/without its leading zero/);
    expect(verifySignature({ kind: 'rsa-pkcs1', hash: 'sha256' }, key, Buffer.from('x'), sign('sha256', Buffer.from('x'), privateKey)).valid).toBe(true);
  });

  it('an ECDSA signature with a superfluous leading zero in r still verifies; a flipped bit does not', () => {
    const { publicKey, privateKey } = ecKeys('brainpoolP256r1');
    const key = importPublicKey(publicKey.export({ type: 'spki', format: 'der' }) as Buffer);
    const data = Buffer.from('signed attributes');
    const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const r = raw.subarray(0, 32);
    const s = raw.subarray(32);
    const sloppy = encodeTlv(TAG.SEQUENCE, [encodeTlv(TAG.INTEGER, Buffer.concat([Buffer.from([0, 0]), r])), integer(BigInt(`0x${s.toString('hex')}`))]);
    const scheme = { kind: 'ecdsa' as const, hash: 'sha256' as const, encoding: 'der' as const };
    expect(verifySignature(scheme, key, data, sloppy).valid).toBe(true);
    const flipped = Buffer.from(raw);
    flipped[5] = (flipped[5] as number) ^ 1;
    expect(verifySignature({ ...scheme, encoding: 'plain' }, key, data, flipped).valid).toBe(false);
    expect(verifySignature(scheme, key, data, Buffer.from('3000', 'hex')).detail).toMatch(/not a DER SEQUENCE of two INTEGERs/);
  });

  it('a scheme for the wrong key type fails in plain words instead of throwing', () => {
    const { publicKey } = ecKeys('prime256v1');
    const key = importPublicKey(publicKey.export({ type: 'spki', format: 'der' }) as Buffer);
    expect(verifySignature({ kind: 'rsa-pkcs1', hash: 'sha256' }, key, Buffer.from('x'), Buffer.alloc(256))).toEqual({
      valid: false,
      detail: 'RSA PKCS#1 v1.5 with SHA256 needs an RSA key, but the key is EC',
    });
  });
});
