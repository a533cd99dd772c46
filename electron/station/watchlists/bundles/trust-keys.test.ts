import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import { addTrustedKey, keyIdOf, loadTrustStore, parsePublicKey, rawEd25519PublicKey, revokeTrustedKey, TRUST_FILE, TrustStoreError } from './trust-keys.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('bpwl-trust-');
});
afterEach(() => dir.cleanup());

const pair = () => generateKeyPairSync('ed25519');
const pem = (k: ReturnType<typeof pair>) => k.publicKey.export({ format: 'pem', type: 'spki' }).toString();
const when = new Date('2026-11-01T10:00:00.000Z');

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TrustStoreError);
    return (e as TrustStoreError).code;
  }
  throw new Error('expected a TrustStoreError');
}

describe('publisher trust keys', () => {
  it('key id is the first 16 hex digits of SHA-256 over the raw public key, whether given as PEM or base64', () => {
    const k = pair();
    const raw = rawEd25519PublicKey(k.publicKey);
    const expected = createHash('sha256').update(raw).digest('hex').slice(0, 16);
    expect(keyIdOf(raw)).toBe(expected);
    expect(parsePublicKey(pem(k)).keyId).toBe(expected);
    expect(parsePublicKey(raw.toString('base64')).keyId).toBe(expected);
    expect(parsePublicKey(raw.toString('base64url')).keyId).toBe(expected);
  });

  it('refuses a private key by name, a non-Ed25519 key and text that is no key', () => {
    const k = pair();
    expect(() => parsePublicKey(k.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(/this is a private key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() => parsePublicKey(ec)).toThrow(/Ed25519 key is required, this is ec/);
    expect(() => parsePublicKey('hello')).toThrow(/expected a PEM public key/);
    expect(() => parsePublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(/not a readable PEM/);
  });

  it('adds, lists and revokes keys in a 0600 file written without leftovers', () => {
    const a = pair();
    const b = pair();
    const ka = addTrustedKey(dir.path, pem(a), { kinds: ['documents'], label: 'HQ documents 2026', now: when });
    const kb = addTrustedKey(dir.path, rawEd25519PublicKey(b.publicKey).toString('base64'), { now: when });
    expect(ka).toMatchObject({ kinds: ['documents'], label: 'HQ documents 2026', addedAt: when.toISOString(), revokedAt: null });
    expect(kb.kinds).toEqual(['documents', 'persons']);
    const file = join(dir.path, TRUST_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir.path).sort()).toEqual([TRUST_FILE]);
    expect(loadTrustStore(dir.path).list().map((k) => k.keyId)).toEqual([ka.keyId, kb.keyId]);

    const r = revokeTrustedKey(dir.path, ka.keyId, { reason: 'rotated', now: new Date('2026-11-02T00:00:00.000Z') });
    expect(r).toMatchObject({ revokedAt: '2026-11-02T00:00:00.000Z', revokedReason: 'rotated' });
    expect(loadTrustStore(dir.path).get(ka.keyId)?.revokedAt).toBe('2026-11-02T00:00:00.000Z');
    expect(JSON.parse(readFileSync(file, 'utf8')).keys).toHaveLength(2);
  });

  it('never trusts a revoked key again, and refuses duplicates and unknown ids', () => {
    const a = pair();
    const ka = addTrustedKey(dir.path, pem(a));
    expect(code(() => addTrustedKey(dir.path, pem(a)))).toBe('KEY_EXISTS');
    revokeTrustedKey(dir.path, ka.keyId);
    expect(code(() => addTrustedKey(dir.path, pem(a)))).toBe('ALREADY_REVOKED');
    expect(code(() => revokeTrustedKey(dir.path, ka.keyId))).toBe('ALREADY_REVOKED');
    expect(code(() => revokeTrustedKey(dir.path, '0123456789abcdef'))).toBe('NOT_FOUND');
  });

  it('refuses a trust file others may write, and a malformed or inconsistent one', () => {
    const a = pair();
    const k = addTrustedKey(dir.path, pem(a));
    const file = join(dir.path, TRUST_FILE);
    chmodSync(file, 0o622);
    expect(code(() => loadTrustStore(dir.path))).toBe('INSECURE');
    chmodSync(file, 0o600);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace(k.keyId, '0000000000000000'));
    expect(() => loadTrustStore(dir.path)).toThrow(/key id does not match the public key/);
    writeFileSync(file, good.replace('"documents"', '"everything"'));
    expect(code(() => loadTrustStore(dir.path))).toBe('MALFORMED');
    writeFileSync(file, '{');
    expect(code(() => loadTrustStore(dir.path))).toBe('MALFORMED');
    expect(code(() => addTrustedKey(dir.path, pem(pair())))).toBe('MALFORMED');
  });

  it('reports a change in progress instead of racing it', () => {
    writeFileSync(join(dir.path, `${TRUST_FILE}.lock`), '');
    expect(code(() => addTrustedKey(dir.path, pem(pair())))).toBe('BUSY');
    expect(existsSync(join(dir.path, TRUST_FILE))).toBe(false);
  });

  it('an absent file is an empty store', () => {
    expect(loadTrustStore(join(dir.path, 'nothing-here')).list()).toEqual([]);
  });
});
