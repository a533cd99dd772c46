import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonical JSON', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
  });

  it('refuses what has two spellings or none', () => {
    expect(() => canonicalJson({ v: 1.5 })).toThrow(/safe integers/);
    expect(() => canonicalJson({ v: 2 ** 60 })).toThrow(/safe integers/);
    expect(() => canonicalJson({ v: () => 1 })).toThrow(/function/);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/nested too deeply/);
  });

  it('is a fixed point of parse: canonical text parses and re-encodes to itself', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});
