/**
 * The simulated chip's DG2 face must be a JPEG that Chromium — the renderer that shows it to the
 * officer — decodes. The placeholder and a textured portrait go through Debian's Chromium (headless,
 * via Playwright), and the decoded pixels are compared with what was drawn.
 */
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGrayscaleJpeg, placeholderFace } from '../../native-drivers/simulators/chip/epassport/grayscale-jpeg.js';

const CHROMIUM = process.env.BORDERPOST_CHROMIUM ?? '/usr/bin/chromium';
let browser: Browser | undefined;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Decodes in the page: natural size, and the grey level at given points (R of RGBA; the image is grey). */
async function decode(jpeg: Buffer, points: [number, number][]): Promise<{ width: number; height: number; samples: number[] }> {
  const page = await browser!.newPage();
  try {
    return await page.evaluate(
      async ({ b64, points }) => {
        const img = new Image();
        img.src = `data:image/jpeg;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const samples = points.map(([x, y]) => ctx.getImageData(x, y, 1, 1).data[0]!);
        return { width: img.naturalWidth, height: img.naturalHeight, samples };
      },
      { b64: jpeg.toString('base64'), points },
    );
  } finally {
    await page.close();
  }
}

describe('DG2 face JPEGs in Chromium', () => {
  it('the placeholder portrait decodes at 240 × 320 with its background, head, eyes and shoulders where they were drawn', async () => {
    const r = await decode(placeholderFace(), [
      [10, 10], // background, light
      [120, 160], // head, mid grey
      [96, 122], // left eye, dark
      [120, 310], // shoulders, dark
    ]);
    expect([r.width, r.height]).toEqual([240, 320]);
    const [background, head, eye, shoulders] = r.samples as [number, number, number, number];
    expect(Math.abs(background - 214)).toBeLessThan(12);
    expect(Math.abs(head - 165)).toBeLessThan(12);
    expect(eye).toBeLessThan(80);
    expect(Math.abs(shoulders - 70)).toBeLessThan(12);
  }, 30_000);

  it('a gradient with odd dimensions round-trips within JPEG error at quality 95', async () => {
    const width = 37;
    const height = 21;
    const pixels = new Uint8Array(width * height).map((_, i) => Math.round(((i % width) / (width - 1)) * 255));
    const r = await decode(encodeGrayscaleJpeg({ width, height, pixels }, 95), [
      [0, 10],
      [18, 10],
      [36, 20],
    ]);
    expect([r.width, r.height]).toEqual([37, 21]);
    r.samples.forEach((v, k) => expect(Math.abs(v - [0, 128, 255][k]!)).toBeLessThan(10));
  }, 30_000);
});
