// Hostile JPEG 2000 faces: the fixtures cut short anywhere and with bits flipped anywhere (box headers,
// SIZ, tile data). faceForDisplay must either give a PNG of the size the damaged header announces, or
// refuse with a FaceDecodeError; never another exception, never a hang, and the decoder must still
// decode the intact image afterwards. 200 + 200 cases, a few seconds.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaceDecodeError, faceForDisplay } from './face-display.js';
import { GREY_FIXTURE, RGB_FIXTURE } from './test-support/make-jp2-fixture.js';
import { readPng } from './test-support/png-read.js';

const FIXTURES = [readFileSync(GREY_FIXTURE), readFileSync(RGB_FIXTURE)] as const;

const outcomes = { png: 0, refused: new Map<string, number>() };

async function tryShow(bytes: Buffer): Promise<void> {
  let shown;
  try {
    shown = await faceForDisplay({ mime: 'image/jp2', bytes, width: null, height: null });
  } catch (e) {
    if (!(e instanceof FaceDecodeError)) throw new Error(`not a FaceDecodeError: ${String(e)}`, { cause: e });
    expect(e.message.length).toBeGreaterThan(10);
    outcomes.refused.set(e.code, (outcomes.refused.get(e.code) ?? 0) + 1);
    return;
  }
  const png = readPng(shown.bytes);
  expect([png.width, png.height]).toEqual([shown.width, shown.height]);
  expect(png.pixels.length).toBe(png.width * png.height * png.channels);
  outcomes.png++;
}

describe('faceForDisplay on damaged JPEG 2000', () => {
  it('cut short at any length: a PNG or a FaceDecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (which, fraction) => {
        const whole = FIXTURES[which];
        await tryShow(whole.subarray(0, Math.floor(fraction * whole.length)));
      }),
      { numRuns: 200, seed: 9303 },
    );
  }, 20_000);

  it('with 1–8 bits flipped anywhere: a PNG or a FaceDecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }), async (which, flips) => {
        const bytes = Buffer.from(FIXTURES[which]);
        for (const [at, bit] of flips) bytes[at % bytes.length] = (bytes[at % bytes.length] as number) ^ (1 << bit);
        await tryShow(bytes);
      }),
      { numRuns: 200, seed: 15444 },
    );
  }, 20_000);

  it('still decodes the intact fixtures afterwards, and the runs met both outcomes', async () => {
    for (const f of FIXTURES) expect((await faceForDisplay({ mime: 'image/jp2', bytes: f, width: null, height: null })).mime).toBe('image/png');
    expect(outcomes.png).toBeGreaterThan(20);
    expect([...outcomes.refused.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
  });
});
