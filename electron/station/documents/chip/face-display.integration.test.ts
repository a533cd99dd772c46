/**
 * A simulated ePassport whose DG2 stores the face as JPEG 2000 (`faceImageFormat: "jp2"`), read by
 * readChip in-process (no PC/SC: the station's code talks straight to the simulated chip), then shown:
 * the chip gives image/jp2, DG2's hash still verifies, and faceForDisplay turns it into a PNG of the
 * placeholder portrait. The default profile still gives a JPEG, which passes through untouched.
 */
import { describe, expect, it } from 'vitest';
import { appletTransmit } from '../../../../native-drivers/simulators/chip/card-applet.js';
import { placeholderFacePixels } from '../../../../native-drivers/simulators/chip/epassport/grayscale-jpeg.js';
import { parseTravellerProfile } from '../../../../native-drivers/simulators/chip/epassport/profile.js';
import { createSimulatedEPassport } from '../../../../native-drivers/simulators/chip/epassport/simulated-epassport.js';
import { readChip, type ChipReadResult } from './chip-reader.js';
import { faceForDisplay } from './face-display.js';
import { readPng } from './test-support/png-read.js';
import { TrustStore } from './trust-store.js';

const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];

async function readSimulated(profile: Record<string, unknown>): Promise<ChipReadResult> {
  const passport = await createSimulatedEPassport(parseTravellerProfile({ mrz: MRZ, accessControl: { bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }] }, ...profile }));
  const trust = new TrustStore();
  const material = passport.exportTrustMaterial();
  trust.addCertificate(material.cscaDer, 'simulated issuer');
  trust.addCrl(material.crlDer);
  return readChip(appletTransmit(passport), { mrz: MRZ }, { trust, atr: passport.atr });
}

describe('a JPEG 2000 face from a simulated chip, read and shown', () => {
  it('faceImageFormat "jp2": the chip gives image/jp2, passive authentication passes, the screen gets a PNG of the portrait', async () => {
    const r = await readSimulated({ faceImageFormat: 'jp2' });
    expect(r.steps.filter((s) => s.status !== 'pass' && s.id !== 'chip.chip_auth' && s.id !== 'chip.active_auth'), JSON.stringify(r.steps, null, 1)).toEqual([]);
    expect(r.steps.find((s) => s.id === 'dg_hash_DG2')?.status).toBe('pass');
    expect(r.face).toMatchObject({ mime: 'image/jp2', width: 240, height: 320 });
    const bytes = Buffer.from(r.face!.base64, 'base64');
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('jP  '); // a JP2 file

    const shown = await faceForDisplay({ mime: r.face!.mime, bytes, width: r.face!.width, height: r.face!.height });
    expect(shown).toMatchObject({ mime: 'image/png', width: 240, height: 320, convertedFrom: 'image/jp2' });
    const png = readPng(shown.bytes);
    expect(png).toMatchObject({ width: 240, height: 320, colourType: 0 });
    // Lossy at 1:20, the picture is still the placeholder: compare with the drawing, region by region.
    const drawn = placeholderFacePixels();
    let error = 0;
    for (let i = 0; i < drawn.pixels.length; i++) error += Math.abs((png.pixels[i] as number) - (drawn.pixels[i] as number));
    expect(error / drawn.pixels.length).toBeLessThan(4);
  });

  it('the default profile still stores JPEG, shown as it is', async () => {
    const r = await readSimulated({});
    expect(r.face).toMatchObject({ mime: 'image/jpeg', width: 240, height: 320 });
    const bytes = Buffer.from(r.face!.base64, 'base64');
    const shown = await faceForDisplay({ mime: r.face!.mime, bytes, width: r.face!.width, height: r.face!.height });
    expect(shown).toMatchObject({ mime: 'image/jpeg', convertedFrom: null, decodeMs: null });
    expect(shown.bytes.equals(bytes)).toBe(true);
  });
});
