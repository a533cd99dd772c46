/**
 * The header parser faces files from USB sticks: whatever the bytes, it must answer with a
 * BundleError (or a parsed header), never another exception, and a mutated bundle never verifies.
 */
import { sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import { BundleError } from './bundle-error.js';
import { FORMAT_VERSION, MAGIC, parseBundleStart, PREAMBLE_BYTES, SIGNATURE_BYTES } from './bundle-header.js';
import { createBundle, readBundleHeader, verifyBundle } from './bundle.js';
import { canonicalJson } from './canonical-json.js';
import { CREATED, documentsCsv, EXPIRES, NOW, publisher, trustOf } from './testing/fixtures.js';

const P = publisher();
let dir: ReturnType<typeof tempDir>;
let valid: Buffer;
let validHeader: Record<string, unknown>;

beforeAll(async () => {
  dir = tempDir('bpwl-fuzz-');
  const b = await createBundle(
    { kind: 'documents', listId: 'interpol-sltd', type: 'full', version: 3, expiresAt: EXPIRES, createdAt: CREATED, payload: documentsCsv([['D', 'X1', 'P', 'lost']]), encoding: 'csv', compression: 'none', out: join(dir.path, 'valid.bpwl') },
    P.privateKey,
  );
  valid = readFileSync(b.path);
  validHeader = JSON.parse(JSON.stringify(b.header)) as Record<string, unknown>;
});
afterAll(() => dir.cleanup());

/** The parser's only allowed outcomes. */
function outcome(bytes: Uint8Array): 'parsed' | BundleError['code'] {
  try {
    parseBundleStart(bytes);
    return 'parsed';
  } catch (e) {
    if (!(e instanceof BundleError)) throw new Error(`threw a non-BundleError: ${String(e)}`, { cause: e });
    expect(e.message.length).toBeGreaterThan(10);
    return e.code;
  }
}

function preamble(headerLength: number, version = FORMAT_VERSION): Buffer {
  const b = Buffer.alloc(PREAMBLE_BYTES);
  MAGIC.copy(b);
  b.writeUInt16BE(version, MAGIC.length);
  b.writeUInt32BE(headerLength, MAGIC.length + 2);
  return b;
}

/** A header text behind a valid preamble and a (signed) signature, so only the text is under test. */
function withText(text: string): Buffer {
  const h = Buffer.from(text, 'utf8');
  const start = Buffer.concat([preamble(h.length), h]);
  return Buffer.concat([start, sign(null, start, P.privateKey)]);
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(b: Buffer, ms: Mutation[]): Buffer {
  let out = Buffer.from(b);
  for (const m of ms) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'flip') out[at] = (out[at] ?? 0) ^ (1 << m.bit);
    else if (m.kind === 'set') out[at] = m.value;
    else if (m.kind === 'cut') out = out.subarray(0, at);
    else if (m.kind === 'insert') out = Buffer.concat([out.subarray(0, at), m.bytes, out.subarray(at)]);
    else out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.n)]);
  }
  return out;
}

describe('bundle header parser under fuzzing', () => {
  it('answers arbitrary bytes with a BundleError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (b) => void expect(outcome(b)).not.toBe('parsed')), { numRuns: 2000 });
  });

  it('answers arbitrary bytes behind a valid preamble with a BundleError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.boolean(), (body, len, exact) => {
        const b = Buffer.concat([preamble(exact ? Math.max(0, body.length - SIGNATURE_BYTES) : len), body]);
        expect(outcome(b)).not.toBe('parsed');
      }),
      { numRuns: 2000 },
    );
  });

  it('answers mutated valid bundle starts with a parse or a BundleError', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        seen.add(outcome(mutate(valid, ms)));
      }),
      { numRuns: 3000 },
    );
    // The mutations reach past the first check: several distinct refusals were produced.
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('answers any JSON value in any header field with MALFORMED_HEADER unless it is a valid header', () => {
    const fields = Object.keys(validHeader);
    fc.assert(
      fc.property(fc.constantFrom(...fields, 'payload.sha256', 'payload.records', 'extra'), fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (field, value, canonical) => {
        const h = structuredClone(validHeader) as Record<string, Record<string, unknown>>;
        const [a, b] = field.split('.') as [string, string | undefined];
        if (b) (h[a] as Record<string, unknown>)[b] = value;
        else (h as Record<string, unknown>)[a] = value;
        let text: string;
        try {
          text = canonical ? canonicalJson(h) : JSON.stringify(h, null, 1);
        } catch {
          text = JSON.stringify(h);
        }
        const r = outcome(withText(text));
        expect(['parsed', 'MALFORMED_HEADER', 'HEADER_TOO_LARGE', 'TRUNCATED']).toContain(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers hostile JSON texts (deep nesting, __proto__, duplicate keys, huge numbers) with MALFORMED_HEADER', () => {
    const good = canonicalJson(validHeader);
    const texts = [
      '['.repeat(30000) + ']'.repeat(30000),
      '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
      good.replace('{', '{"__proto__":{"polluted":1},'),
      good.replace('"version":3', '"version":3,"version":3'),
      good.replace('"version":3', '"version":3.0'),
      good.replace('"version":3', '"version":1e400'),
      good.replace('"version":3', '"version":9007199254740993'),
      good.replace('"kind":"documents"', '"kind":"docu\\u006dents"'),
      good + ' ',
      '\ufeff' + good,
      good.slice(0, -1),
    ];
    for (const [i, t] of texts.entries()) expect([i, outcome(withText(t))]).toEqual([i, "MALFORMED_HEADER"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(outcome(withText(good))).toBe('parsed');
  });

  it('never verifies a bundle file that differs from the signed one by any mutation', async () => {
    const trust = trustOf(P.trusted);
    const path = join(dir.path, 'mutated.bpwl');
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const b = mutate(valid, ms);
        writeFileSync(path, b);
        const r = await verifyBundle(path, trust, null, NOW).then(
          () => 'verified',
          (e: unknown) => (e instanceof BundleError ? e.code : `non-BundleError ${String(e)}`),
        );
        // A mutation can undo itself (flip the same bit twice); any real change is refused with a code.
        if (b.equals(valid)) expect(r).toBe('verified');
        else expect(r).toMatch(/^[A-Z_]+$/);
        await readBundleHeader(path).catch((e: unknown) => expect(e).toBeInstanceOf(BundleError));
      }),
      { numRuns: 400 },
    );
  });
});
