// Property-based fuzzing (fast-check) of every parser that reads PKI bytes: arbitrary input and
// mutated real objects (the BSI and ETSI EF.SODs, a DS certificate, the master list's signer area)
// must either parse or fail with a ChipDataError — never another exception, never a hang (vitest's
// timeout bounds each property run). Passive authentication must never throw at all. The TLV, APDU,
// secure messaging and EF.CardAccess parsers are fuzzed with the protocol, in
// native-drivers/epassport/protocol.fuzz.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChipDataError } from './errors.js';
import { encodeTlv } from '../../../../native-drivers/epassport/index.js';
import { parseDer } from './der.js';
import { readSignedData } from './cms.js';
import { parseSod } from './sod.js';
import { parseCertificate } from './x509.js';
import { parseCrl } from './crl.js';
import { parseMasterList, verifyMasterListSignature } from './master-list.js';
import { OID } from './oid.js';
import { integer, name, rsaKeys, signedData } from '../../../../native-drivers/simulators/chip/pki/test-pki.js';
import { importPublicKey } from './public-key.js';
import { passiveAuthenticate } from './passive-auth.js';
import { readEpassport } from './test-support/datasets.js';

/** Runs f; returns normally if it succeeded or threw a ChipDataError, rethrows anything else. */
function onlyTypedErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (e instanceof ChipDataError) return;
    throw e;
  }
}

type Mutation = { at: number; op: 'flip' | 'set' | 'delete' | 'insert' | 'truncate'; byte: number; bit: number };

const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('flip', 'set', 'delete', 'insert', 'truncate'),
  byte: fc.integer({ min: 0, max: 255 }),
  bit: fc.integer({ min: 0, max: 7 }),
}) as fc.Arbitrary<Mutation>;

function mutate(base: Buffer, ms: Mutation[]): Buffer {
  let b = Buffer.from(base);
  for (const m of ms) {
    if (b.length === 0) break;
    const i = m.at % b.length;
    if (m.op === 'flip') b[i] = (b[i] as number) ^ (1 << m.bit);
    else if (m.op === 'set') b[i] = m.byte;
    else if (m.op === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
    else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.from([m.byte]), b.subarray(i)]);
    else b = b.subarray(0, i);
  }
  return b;
}

const bytes = fc.uint8Array({ maxLength: 1024 }).map((u) => Buffer.from(u));
/** Bytes that start like DER/BER objects, so the fuzzer gets past the first tag more often. */
const derish = fc
  .tuple(fc.constantFrom(0x30, 0x31, 0x77, 0xa0, 0x04, 0x06, 0x02), fc.uint8Array({ maxLength: 600 }))
  .map(([t, rest]) => Buffer.concat([Buffer.from([t]), Buffer.from(rest)]));

const BSI_SOD = readEpassport('vectors/01_EF_SOD_sod_L31.bin');
const ETSI_SOD = readEpassport('vectors/05_EF_SOD_sod_L202.bin');
const DSC = readEpassport('certs/dsc_de_0142fd5cf927.cer');
// A small master list (three real CSCA certificates from the ICAO list, signed by a test key), so
// each fuzz run parses a whole CscaMasterList quickly; the real 786 kB list is tested in master-list.test.ts.
const SMALL_ML = (() => {
  const entries = parseMasterList(readEpassport('masterlist/icao_masterlist_allowlist.ml')).entries.slice(0, 3).map((e) => e.der);
  const keys = rsaKeys(1024);
  return signedData({
    eContentType: OID.cscaMasterList,
    eContent: encodeTlv(0x30, [integer(0n), encodeTlv(0x31, entries)]),
    signerCert: entries[0] as Buffer, signerIssuer: name({ CN: 'x' }), signerSerial: 1n, signerKey: keys.privateKey,
    scheme: 'rsa-pkcs1-sha256', includeCertificate: true,
  });
})();

describe('ASN.1 / CMS / X.509 readers on arbitrary bytes', () => {
  it('only typed errors', () => {
    fc.assert(
      fc.property(fc.oneof(bytes, derish), (b) => {
        onlyTypedErrors(() => readSignedData(parseDer(b)));
        onlyTypedErrors(() => parseSod(b));
        onlyTypedErrors(() => parseCertificate(b));
        onlyTypedErrors(() => parseCrl(b));
        onlyTypedErrors(() => parseMasterList(b));
        onlyTypedErrors(() => importPublicKey(b));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('mutated real objects', () => {
  it('mutated BSI and ETSI EF.SODs: parseSod gives a SOD or a typed error; passive authentication never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(BSI_SOD, ETSI_SOD), fc.array(mutation, { minLength: 1, maxLength: 6 }), (base, ms) => {
        const b = mutate(base, ms);
        onlyTypedErrors(() => parseSod(b));
        onlyTypedErrors(() => parseSod(b, { strict: false }));
        const r = passiveAuthenticate({ sod: b, dataGroups: { 1: b.subarray(0, 20) } }, { at: new Date('2014-06-01T00:00:00Z') });
        expect(r.steps.length).toBeGreaterThan(0);
        expect(['pass', 'fail', 'incomplete']).toContain(r.verdict);
      }),
      { numRuns: 600 },
    );
  });

  it('whenever a changed BSI SOD still passes the signature steps, the data group hashes it vouches for are the genuine ones', () => {
    const genuine = [...parseSod(BSI_SOD).lds.dataGroupHashes.entries()].map(([n, v]) => `${n}:${v.toString('hex')}`);
    let stillPassing = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: BSI_SOD.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const b = Buffer.from(BSI_SOD);
        b[i] = (b[i] as number) ^ x;
        const r = passiveAuthenticate({ sod: b }, { at: new Date('2014-06-01T00:00:00Z') });
        const signedSteps = ['sod_parse', 'signed_content_type', 'signed_message_digest', 'ds_certificate', 'sod_signature'];
        if (signedSteps.every((id) => r.steps.find((s) => s.id === id)?.status === 'pass')) {
          // Unsigned bytes (CMS digestAlgorithms, SignerInfo version, certificate fields) may change
          // undetected here; the hashed data may not.
          stillPassing++;
          expect([...(r.sod?.lds.dataGroupHashes.entries() ?? [])].map(([n, v]) => `${n}:${v.toString('hex')}`)).toEqual(genuine);
        }
      }),
      { numRuns: 400 },
    );
    expect(stillPassing).toBeLessThan(400);
  });

  it('mutated DS certificate and a mutated small master list: only typed errors', () => {
    expect(parseMasterList(SMALL_ML).entries).toHaveLength(3);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (ms) => {
        const cert = mutate(DSC, ms);
        onlyTypedErrors(() => importPublicKey(parseCertificate(cert).spki));
        onlyTypedErrors(() => {
          const ml = parseMasterList(mutate(SMALL_ML, ms));
          for (const e of ml.entries) onlyTypedErrors(() => importPublicKey(parseCertificate(e.der).spki));
          verifyMasterListSignature(ml, new Date());
        });
      }),
      { numRuns: 500 },
    );
  });
});
