// Traveller profiles: the example must load, every problem must be reported with its JSON path, and
// MRZ_information must come out of the printed MRZ exactly (ICAO 9303-11 Appendix D.1/D.2 values).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProfileError, loadTravellerProfile, mrzInformationFromLines, parseTravellerProfile } from './profile.js';

const EXAMPLE = fileURLToPath(new URL('../profiles/eriksson.json', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../profiles/profile.schema.json', import.meta.url));
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];

function problemsOf(input: unknown): readonly string[] {
  try {
    parseTravellerProfile(input);
  } catch (e) {
    if (e instanceof ProfileError) return e.problems;
    throw e;
  }
  return [];
}

describe('traveller profiles', () => {
  it('loads the Eriksson example with its defaults filled in', async () => {
    const p = await loadTravellerProfile(EXAMPLE);
    expect(p.mrz).toEqual(TD3);
    expect(p.accessControl).toEqual({ bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }, { parameterId: 12, cipher: 'AES-128' }] });
    expect(p).toMatchObject({ can: '123456', faceImage: undefined, extendedLength: true, faults: {}, pki: { algorithm: 'rsa-pss', country: 'UT' } });
    expect(p.activeAuthentication).toEqual({ algorithm: 'rsa', modulusBits: 1024 });
    expect(p.chipAuthentication).toEqual({ curve: 'brainpoolP256r1', cipher: 'AES-128' });
  });

  it('a minimal profile is the MRZ alone: BAC, an ECDSA issuer, no AA or CA', () => {
    const p = parseTravellerProfile({ mrz: TD3 });
    expect(p).toMatchObject({ accessControl: { bac: true, pace: [] }, pki: { algorithm: 'ecdsa', country: 'UT' }, activeAuthentication: undefined, chipAuthentication: undefined });
  });

  it('resolves faceImage against the profile file', () => {
    expect(parseTravellerProfile({ mrz: TD3, faceImage: 'faces/anna.jpg' }, { baseDir: '/srv/profiles' }).faceImage).toBe('/srv/profiles/faces/anna.jpg');
  });

  it('faceImageFormat: JPEG unless "jp2" is asked for; anything else is refused by name', () => {
    expect(parseTravellerProfile({ mrz: TD3 }).faceImageFormat).toBe('jpeg');
    expect(parseTravellerProfile({ mrz: TD3, faceImageFormat: 'jp2' }).faceImageFormat).toBe('jp2');
    expect(problemsOf({ mrz: TD3, faceImageFormat: 'png' })).toEqual(['faceImageFormat: must be "jpeg" or "jp2"']);
    expect(problemsOf({ mrz: TD3, faceImageFormat: null })).toEqual(['faceImageFormat: must be "jpeg" or "jp2"']);
  });

  it('reports every problem with its path', () => {
    const problems = problemsOf({
      mrz: ['P<UTO', 'short'],
      can: 12345,
      accessControl: { bac: 'yes', pace: [{ parameterId: 14, cipher: 'AES-256' }] },
      activeAuthentication: { algorithm: 'dsa' },
      chipAuthentication: { curve: 'secp521r1', cipher: 'AES-128' },
      faults: { tamperedDataGroup: 3, expiredDsCertificate: 'yes', meltdown: true },
      colour: 'blue',
    });
    for (const path of [
      'colour: unknown field',
      'mrz: must be TD3',
      'mrz[1]: may contain only',
      'can: must be six digits',
      'accessControl.bac: must be true or false',
      'accessControl.pace[0].parameterId',
      'accessControl.pace[0].cipher',
      'activeAuthentication.algorithm',
      'chipAuthentication.curve',
      'faults.tamperedDataGroup: must be one of the data groups',
      'faults.expiredDsCertificate: must be true or false',
      'faults.meltdown: unknown fault',
    ]) {
      expect(problems.some((p) => p.startsWith(path)), `${path} in ${problems.join(' | ')}`).toBe(true);
    }
  });

  it('refuses faults the chip could not show', () => {
    expect(problemsOf({ mrz: TD3, faults: { clonedChip: true } })).toEqual([expect.stringMatching(/^faults.clonedChip: needs activeAuthentication or chipAuthentication/)]);
    expect(problemsOf({ mrz: TD3, faults: { tamperedDataGroup: 15 } })).toEqual([expect.stringMatching(/DG15 is only written with activeAuthentication/)]);
    expect(problemsOf({ mrz: TD3, accessControl: { bac: false } })).toEqual([expect.stringMatching(/offers neither BAC nor PACE/)]);
    expect(problemsOf({ mrz: TD3, faults: { paceBroken: true } })).toEqual([expect.stringMatching(/^faults.paceBroken: needs accessControl.pace/)]);
    expect(problemsOf({ mrz: TD3, faults: { paceBroken: 'yes' } })).toEqual([expect.stringMatching(/^faults.paceBroken: must be true or false/)]);
    expect(parseTravellerProfile({ mrz: TD3, accessControl: { pace: [{ parameterId: 13, cipher: 'AES-128' }] }, faults: { paceBroken: true } }).faults).toEqual({ paceBroken: true });
  });

  it('the JSON schema names exactly the fields the validator accepts', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', 'accessControl', 'activeAuthentication', 'can', 'chipAuthentication', 'documentDetails', 'extendedLength', 'faceImage', 'faceImageFormat', 'faults', 'mrz', 'personalDetails', 'pki'].sort());
    expect(Object.keys(schema.properties.faults?.properties ?? {}).sort()).toEqual(['clonedChip', 'expiredDsCertificate', 'paceBroken', 'revokedDsCertificate', 'tamperedDataGroup', 'unknownCsca', 'wrongAccessKey']);
    const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    for (const key of Object.keys(example)) expect(Object.keys(schema.properties)).toContain(key);
  });
});

describe('MRZ_information from the printed MRZ', () => {
  it('TD3: document number, birth and expiry with their check digits (Appendix D.2 values)', () => {
    expect(mrzInformationFromLines(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C<3UTO6908061F9406236ZE184226B<<<<<14'])).toBe('L898902C<369080619406236');
    expect(mrzInformationFromLines(TD3)).toBe('L898902C3674081223404159');
  });

  it('TD1 with a 12-character document number continued in the optional data (Appendix D.1)', () => {
    const lines = ['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'];
    expect(mrzInformationFromLines(lines)).toBe('D23145890734934071279507122');
  });

  it('TD1 with a 9-character document number', () => {
    expect(mrzInformationFromLines(['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'])).toBe('D23145890774081221204159');
  });
});
