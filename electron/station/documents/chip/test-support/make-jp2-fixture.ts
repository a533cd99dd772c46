/**
 * Writes the JPEG 2000 face fixtures next to this file (committed; run again only to change them):
 *
 *   face-grey-120x160.j2k   a bare codestream: the simulator's placeholder portrait (grey, a light
 *                           gradient background, head, shoulders, eyes, mouth, a little texture),
 *                           120 × 160, irreversible 9/7 wavelet at 1:8
 *   face-rgb-90x120.jp2     a JP2 file (signature, ftyp, jp2h with ihdr and colr sRGB, jp2c): a colour
 *                           portrait of the same kind drawn here, 90 × 120, RGB with the
 *                           irreversible colour transform, 1:8
 *
 * Both come from OpenJPEG's encoder in @cornerstonejs/codec-openjpeg (its full WebAssembly build),
 * driven by native-drivers/simulators/chip/epassport/jpeg2000.ts, which also writes the JP2 boxes.
 * The encoder is deterministic, so running this again gives the same bytes.
 *
 *   node --import tsx electron/station/documents/chip/test-support/make-jp2-fixture.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { placeholderFacePixels } from '../../../../../native-drivers/simulators/chip/epassport/grayscale-jpeg.js';
import { encodeJp2, encodeJpeg2000Codestream } from '../../../../../native-drivers/simulators/chip/epassport/jpeg2000.js';

export const GREY_FIXTURE = fileURLToPath(new URL('./face-grey-120x160.j2k', import.meta.url));
export const RGB_FIXTURE = fileURLToPath(new URL('./face-rgb-90x120.jp2', import.meta.url));

/** A colour portrait: blue-grey gradient background, skin-toned head lit from the left, dark hair, eyes, red mouth, navy shoulders. */
export function colourFacePixels(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height * 3);
  const inEllipse = (x: number, y: number, ex: number, ey: number, rx: number, ry: number) => ((x - ex) / rx) ** 2 + ((y - ey) / ry) ** 2 <= 1;
  const cx = width / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let rgb = [170 + Math.round((x / width) * 30), 190 + Math.round((x / width) * 20), 220 - Math.round((y / height) * 40)];
      if (inEllipse(x, y, cx, height * 1.02, width * 0.48, height * 0.3)) rgb = [30, 40, 90 + Math.round((y / height) * 30)];
      if (inEllipse(x, y, cx, height * 0.36, width * 0.29, height * 0.26)) rgb = [60, 40, 30];
      if (inEllipse(x, y, cx, height * 0.44, width * 0.26, height * 0.27)) {
        const light = 1 - (x / width) * 0.35;
        rgb = [Math.round(225 * light), Math.round(180 * light), Math.round(150 * light)];
      }
      if (inEllipse(x, y, cx - width * 0.1, height * 0.4, width * 0.04, height * 0.02) || inEllipse(x, y, cx + width * 0.1, height * 0.4, width * 0.04, height * 0.02)) rgb = [40, 60, 90];
      if (inEllipse(x, y, cx, height * 0.58, width * 0.08, height * 0.015)) rgb = [170, 60, 70];
      pixels.set(rgb, (y * width + x) * 3);
    }
  }
  return pixels;
}

async function main(): Promise<void> {
  const grey = placeholderFacePixels({ width: 120, height: 160, texture: 6 });
  const j2k = await encodeJpeg2000Codestream({ ...grey, channels: 1 }, { compressionRatio: 8 });
  writeFileSync(GREY_FIXTURE, j2k);
  const jp2 = await encodeJp2({ width: 90, height: 120, channels: 3, pixels: colourFacePixels(90, 120) }, { compressionRatio: 8 });
  writeFileSync(RGB_FIXTURE, jp2);
  console.log(`written ${GREY_FIXTURE} (${j2k.length} B) and ${RGB_FIXTURE} (${jp2.length} B)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
