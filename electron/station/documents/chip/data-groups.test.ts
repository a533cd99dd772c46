// DG1, DG14 and DG15 are checked against the real vectors in shared/datasets/epassport/vectors (pymrtd
// @ 3731a0e, quoting BSI TR-03105-5, ETSI TR 103 200 and ICAO 9303; see that folder's MANIFEST.md),
// read at test time, with the expected contents taken from vectors_manifest.json. EF.COM, DG11 and
// DG12 have no public vectors there, so they are built here from the tags of ICAO 9303-10 §4.7.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTlv } from '../../../../native-drivers/epassport/index.js';
import { ChipDataError } from './errors.js';
import { DataGroupError } from './data-groups-error.js';
import { compareChipMrz, parseDg1, parseDg11, parseDg12, parseDg14, parseDg15, parseEfCom } from './data-groups.js';
import { activeAuthenticationInfo, chipAuthenticationOffers } from './chip-auth-info.js';
import { readEpassport, vectorsManifest } from './test-support/datasets.js';

const tlv = (tag: number, ...parts: (Buffer | string)[]): Buffer => encodeTlv(tag, parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DataGroupError) return e.code;
    throw e;
  }
  return 'no error';
}

const manifest = vectorsManifest() as (ReturnType<typeof vectorsManifest>[number] & { dg1_mrz_lines?: string[] })[];

describe('EF.COM', () => {
  it('reads the LDS and Unicode versions and the data groups present', () => {
    const com = tlv(0x60, tlv(0x5f01, '0107'), tlv(0x5f36, '040000'), tlv(0x5c, Buffer.from([0x61, 0x75, 0x6b, 0x6c, 0x6e, 0x6f])));
    expect(parseEfCom(com)).toEqual({ ldsVersion: '1.7', unicodeVersion: '4.0.0', tags: [0x61, 0x75, 0x6b, 0x6c, 0x6e, 0x6f], dataGroups: [1, 2, 11, 12, 14, 15] });
  });

  it('refuses a wrong outer tag, a missing tag list and non-digit versions', () => {
    expect(code(() => parseEfCom(tlv(0x61, tlv(0x5f01, '0107'))))).toBe('wrong_tag');
    expect(code(() => parseEfCom(tlv(0x60, tlv(0x5f01, '0107'), tlv(0x5f36, '040000'))))).toBe('missing_field');
    expect(code(() => parseEfCom(tlv(0x60, tlv(0x5f01, '01A7'), tlv(0x5f36, '040000'), tlv(0x5c, Buffer.from([0x61])))))).toBe('bad_value');
  });
});

describe('DG1 against the vectors', () => {
  const dg1s = manifest.filter((v) => v.kind === 'EF_DG1');

  it('the manifest lists the six DG1 vectors (BSI, ETSI, ETSI modified, ICAO TD1, TD2, TD3)', () => {
    expect(dg1s.map((v) => v.file.slice(8, 10))).toEqual(['02', '06', '10', '24', '25', '26']);
  });

  for (const v of dg1s) {
    it(`${v.file}: MRZ lines as vectors_manifest.json decodes them`, () => {
      const dg1 = parseDg1(readEpassport(v.file));
      if (v.dg1_mrz_lines) expect(dg1.lines).toEqual(v.dg1_mrz_lines);
      expect(dg1.format).toBe({ 30: 'TD1', 36: 'TD2', 44: 'TD3' }[dg1.lines[0]!.length]);
    });
  }

  it('the ETSI vector modified to country SU (10) differs from the genuine one (06) exactly there', () => {
    const genuine = parseDg1(readEpassport('vectors/06_EF_DG1_sod_L282.bin')).lines;
    const modified = parseDg1(readEpassport('vectors/10_EF_DG1_sod_L659.bin')).lines;
    const c = compareChipMrz(modified, genuine);
    expect(c.status).toBe('fail');
    expect(c.differences.map((d) => [d.line, d.column, d.chip, d.optical])).toEqual([
      [1, 3, 'S', 'D'],
      [1, 4, 'U', '<'],
      [2, 11, 'S', 'D'],
      [2, 12, 'U', '<'],
    ]);
    expect(c.detail).toMatch(/line 1 at positions 3, 4; line 2 at positions 11, 12/);
  });

  it('refuses a DG1 whose MRZ has an impossible length or a character outside the MRZ set', () => {
    expect(code(() => parseDg1(tlv(0x61, tlv(0x5f1f, 'P<UTO'))))).toBe('bad_mrz_length');
    expect(code(() => parseDg1(tlv(0x61, tlv(0x5f1f, 'p'.repeat(88)))))).toBe('bad_mrz_character');
    expect(code(() => parseDg1(tlv(0x61, tlv(0x5f20, 'X'))))).toBe('missing_field');
  });
});

describe('compareChipMrz', () => {
  const chip = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

  it('passes identical lines and ignores trailing whitespace of the optical read', () => {
    expect(compareChipMrz(chip, [`${chip[0]}  `, `${chip[1]}\r`])).toMatchObject({ status: 'pass', differences: [] });
  });

  it('names every differing position and says when all of them are OCR confusions', () => {
    const optical = [chip[0]!, chip[1]!.replace('L898902C36', 'L8989O2C36')];
    const c = compareChipMrz(chip, optical);
    expect(c).toMatchObject({ status: 'fail', differences: [{ line: 2, column: 6, chip: '0', optical: 'O', ocrConfusable: true }] });
    expect(c.detail).toMatch(/re-scan/);
    const altered = compareChipMrz(chip, [chip[0]!, chip[1]!.replace('7408122', '7508122')]);
    expect(altered.differences[0]).toMatchObject({ column: 15, chip: '4', optical: '5', ocrConfusable: false });
    expect(altered.detail).toMatch(/altered/);
  });

  it('fails when the optical read has a different number of lines', () => {
    const c = compareChipMrz(chip, [chip[0]!]);
    expect(c.status).toBe('fail');
    expect(c.differences).toHaveLength(44);
    expect(c.detail).toMatch(/the chip has 2 lines, the optical read 1/);
  });
});

describe('DG14 against the vectors', () => {
  for (const file of ['vectors/03_EF_DG14_sod_L108.bin', 'vectors/07_EF_DG14_sod_L289.bin']) {
    it(`${file}: Chip Authentication (ECDH, 3DES) with its brainpoolP224r1 key, and Terminal Authentication v1`, () => {
      const infos = parseDg14(readEpassport(file)).securityInfos;
      expect(infos.map((i) => [i.kind, i.protocol])).toEqual([
        ['chip_authentication_public_key', '0.4.0.127.0.7.2.2.1.2'],
        ['chip_authentication', '0.4.0.127.0.7.2.2.3.2.1'],
        ['terminal_authentication', '0.4.0.127.0.7.2.2.2'],
      ]);
      const [pk, ca, ta] = infos;
      expect(pk).toMatchObject({ agreement: 'ECDH', keyAlgorithm: '1.2.840.10045.2.1', keyId: undefined });
      if (pk?.kind !== 'chip_authentication_public_key') throw new Error('unreachable');
      // 57 bytes: 04 ‖ x ‖ y on a 224-bit curve; the explicit parameters are brainpoolP224r1's.
      expect(pk.publicKey).toHaveLength(57);
      expect(pk.publicKey[0]).toBe(0x04);
      expect(pk.curve).toBe('brainpoolP224r1');
      expect(ca).toMatchObject({ protocolName: 'id-CA-ECDH-3DES-CBC-CBC', cipher: '3DES-CBC-CBC', version: 1, keyId: undefined });
      expect(ta).toMatchObject({ version: 1, efCvcaFid: undefined });
      expect(chipAuthenticationOffers(infos)).toEqual([{ info: ca, key: pk }]);
      expect(activeAuthenticationInfo(infos)).toBeUndefined();
    });
  }

  it('the BSI and ETSI chips carry different Chip Authentication keys', () => {
    const key = (f: string) => parseDg14(readEpassport(f)).securityInfos.find((i) => i.kind === 'chip_authentication_public_key');
    const a = key('vectors/03_EF_DG14_sod_L108.bin');
    const b = key('vectors/07_EF_DG14_sod_L289.bin');
    expect(a && 'publicKey' in a && b && 'publicKey' in b && a.publicKey.equals(b.publicKey)).toBe(false);
  });

  it('27 (ETSI LDS/F06): ChipAuthenticationInfo version 16 is refused, as pymrtd refuses it', () => {
    expect(manifest.find((v) => v.file.startsWith('vectors/27_'))?.occurrences[0]?.expected_error?.match).toMatch(/version != 1/);
    expect(() => parseDg14(readEpassport('vectors/27_EF_DG14_dg14_L57.bin'))).toThrow(/ChipAuthenticationInfo version 16 is not 1 or 2 or 3/);
    expect(code(() => parseDg14(readEpassport('vectors/27_EF_DG14_dg14_L57.bin')))).toBe('unsupported_version');
  });

  it('reads PACEInfo, ActiveAuthenticationInfo and keeps unknown SecurityInfos', () => {
    const oid = (dotted: string): Buffer => {
      const arcs = dotted.split('.').map(Number);
      const body: number[] = [arcs[0]! * 40 + arcs[1]!];
      for (const a of arcs.slice(2)) {
        const g: number[] = [];
        let x = a;
        do {
          g.unshift(x & 0x7f);
          x >>= 7;
        } while (x > 0);
        body.push(...g.map((b, i) => (i < g.length - 1 ? b | 0x80 : b)));
      }
      return tlv(0x06, Buffer.from(body));
    };
    const int = (n: number) => tlv(0x02, Buffer.from([n]));
    const set = tlv(
      0x31,
      tlv(0x30, oid('0.4.0.127.0.7.2.2.4.2.2'), int(2), int(13)),
      tlv(0x30, oid('2.23.136.1.1.5'), int(1), oid('0.4.0.127.0.7.1.1.4.1.3')),
      tlv(0x30, oid('1.2.3.4'), tlv(0x04, 'anything')),
    );
    const infos = parseDg14(tlv(0x6e, set)).securityInfos;
    expect(infos[0]).toMatchObject({ kind: 'pace', agreement: 'ECDH', mapping: 'GM', cipher: 'AES-CBC-CMAC-128', version: 2, parameterId: 13 });
    expect(infos[1]).toMatchObject({ kind: 'active_authentication', version: 1, signatureAlgorithm: '0.4.0.127.0.7.1.1.4.1.3' });
    expect(infos[2]).toMatchObject({ kind: 'unknown', protocol: '1.2.3.4' });
    expect(activeAuthenticationInfo(infos)).toBe(infos[1]);
    // A known OID with a malformed body contradicts the protocol it names.
    expect(code(() => parseDg14(tlv(0x6e, tlv(0x31, tlv(0x30, oid('2.23.136.1.1.5'), int(1))))))).toBe('missing_field');
  });
});

describe('DG15 against the vectors', () => {
  it('04 (BSI) and 08 (ETSI): 1024-bit RSA keys with exponent 65537', () => {
    for (const f of ['vectors/04_EF_DG15_sod_L113.bin', 'vectors/08_EF_DG15_sod_L296.bin']) {
      const dg15 = parseDg15(readEpassport(f));
      expect(dg15).toMatchObject({ algorithm: 'rsa', bits: 1024, rsaExponent: '010001', curve: undefined });
      expect(dg15.spki[0]).toBe(0x30);
    }
  });

  it('11 (ETSI with the exponent changed to 010002) still parses: only the SOD hash tells it apart', () => {
    expect(parseDg15(readEpassport('vectors/11_EF_DG15_sod_L671.bin')).rsaExponent).toBe('010002');
  });

  it('28 (ETSI LDS/I01, tag 70) is refused as pymrtd refuses it', () => {
    expect(manifest.find((v) => v.file.startsWith('vectors/28_'))?.occurrences[0]?.expected_error?.match).toMatch(/expected tag '15' got '16'/);
    expect(() => parseDg15(readEpassport('vectors/28_EF_DG15_dg15_L54.bin'))).toThrow(/DG15 must start with tag 6F, found 70/);
  });
});

describe('DG11', () => {
  const dg11 = tlv(
    0x6b,
    tlv(0x5c, Buffer.from([0x5f, 0x0e, 0x5f, 0x0f, 0x5f, 0x10, 0x5f, 0x2b, 0x5f, 0x11, 0x5f, 0x42, 0x5f, 0x13, 0x5f, 0x17])),
    tlv(0x5f0e, 'MÜLLER<<ANNA<MARIA'),
    tlv(0xa0, tlv(0x02, Buffer.from([2])), tlv(0x5f0f, 'SCHMIDT<<ANNA'), tlv(0x5f0f, 'MEIER<<ANNA')),
    tlv(0x5f10, '123456789'),
    tlv(0x5f2b, '19740812'),
    tlv(0x5f11, 'BERLIN<DEUTSCHLAND'),
    tlv(0x5f42, 'HAUPTSTRASSE 1<10115 BERLIN<DEU'),
    tlv(0x5f13, 'ENGINEER'),
    tlv(0x5f17, 'C01X00T47<C01X00T48'),
  );

  it('reads names, the personal number, the full date of birth and <-separated fields', () => {
    const d = parseDg11(dg11);
    expect(d.fullName).toEqual({ raw: 'MÜLLER<<ANNA<MARIA', primary: 'MÜLLER', secondary: 'ANNA MARIA' });
    expect(d.otherNames.map((n) => n.primary)).toEqual(['SCHMIDT', 'MEIER']);
    expect(d.personalNumber).toBe('123456789');
    expect(d.fullDateOfBirth).toEqual({ raw: '19740812', iso: '1974-08-12' });
    expect(d.placeOfBirth?.parts).toEqual(['BERLIN', 'DEUTSCHLAND']);
    expect(d.permanentAddress?.parts).toEqual(['HAUPTSTRASSE 1', '10115 BERLIN', 'DEU']);
    expect(d.profession).toBe('ENGINEER');
    expect(d.otherValidTdNumbers?.parts).toEqual(['C01X00T47', 'C01X00T48']);
    expect(d.telephone).toBeUndefined();
    expect(d.warnings).toEqual([]);
    expect(d.unknownTags).toEqual([]);
  });

  it('accepts a BCD date and Latin-1 text, saying so; warns when the tag list disagrees', () => {
    const d = parseDg11(tlv(0x6b, tlv(0x5c, Buffer.from([0x5f, 0x0e, 0x5f, 0x12])), tlv(0x5f0e, Buffer.from('M\xdcLLER<<ANNA', 'latin1')), tlv(0x5f2b, Buffer.from([0x19, 0x74, 0x08, 0x12]))));
    expect(d.fullName?.primary).toBe('MÜLLER');
    expect(d.fullDateOfBirth?.iso).toBe('1974-08-12');
    expect(d.warnings).toEqual([
      'DG11 tag list names 5F12 but the file does not hold it',
      'DG11 holds 5F2B that the tag list does not name',
      'full name is not valid UTF-8; read as Latin-1',
      'full date of birth is BCD-encoded, not ASCII digits',
    ]);
  });

  it('keeps a partial date of birth without inventing a day', () => {
    expect(parseDg11(tlv(0x6b, tlv(0x5c, Buffer.from([0x5f, 0x2b])), tlv(0x5f2b, '1974<<<<'))).fullDateOfBirth).toEqual({ raw: '1974<<<<', iso: undefined });
  });

  it('refuses a duplicated field and a malformed date', () => {
    expect(code(() => parseDg11(tlv(0x6b, tlv(0x5c, Buffer.from([0x5f, 0x10])), tlv(0x5f10, '1'), tlv(0x5f10, '2'))))).toBe('duplicate_field');
    expect(code(() => parseDg11(tlv(0x6b, tlv(0x5c, Buffer.from([0x5f, 0x2b])), tlv(0x5f2b, '1974-8-1'))))).toBe('bad_date');
  });
});

describe('DG12', () => {
  it('reads the issuing authority, dates, other persons and the personalization details', () => {
    const d = parseDg12(
      tlv(
        0x6c,
        tlv(0x5c, Buffer.from([0x5f, 0x19, 0x5f, 0x26, 0x5f, 0x1a, 0x5f, 0x1b, 0x5f, 0x55, 0x5f, 0x56, 0x5f, 0x1d])),
        tlv(0x5f19, 'STADT KÖLN'),
        tlv(0x5f26, '20230115'),
        tlv(0xa0, tlv(0x02, Buffer.from([1])), tlv(0x5f1a, 'MUSTERMANN<<MAX')),
        tlv(0x5f1b, 'NONE'),
        tlv(0x5f55, '20230110143000'),
        tlv(0x5f56, 'PERSO-7'),
        tlv(0x5f1d, Buffer.from([0xff, 0xd8, 0xff, 0xd9])),
      ),
    );
    expect(d.issuingAuthority).toBe('STADT KÖLN');
    expect(d.dateOfIssue).toEqual({ raw: '20230115', iso: '2023-01-15' });
    expect(d.otherPersons).toEqual([{ raw: 'MUSTERMANN<<MAX', primary: 'MUSTERMANN', secondary: 'MAX' }]);
    expect(d.endorsementsAndObservations).toBe('NONE');
    expect(d.personalizationTime).toEqual({ raw: '20230110143000', iso: '2023-01-10T14:30:00' });
    expect(d.personalizationSystemSerial).toBe('PERSO-7');
    expect(d.imageOfFront?.toString('hex')).toBe('ffd8ffd9');
    expect(d.imageOfRear).toBeUndefined();
    expect(d.warnings).toEqual([]);
  });

  it('warns when the other-persons count disagrees; refuses an invalid date of issue', () => {
    const d = parseDg12(tlv(0x6c, tlv(0x5c, Buffer.from([0x5f, 0x1a])), tlv(0xa0, tlv(0x02, Buffer.from([3])), tlv(0x5f1a, 'A<<B'))));
    expect(d.warnings).toEqual(['other person: the template announces 3 entries but holds 1']);
    expect(parseDg12(tlv(0x6c, tlv(0x5c, Buffer.from([0x5f, 0x26])), tlv(0x5f26, '20231341'))).dateOfIssue).toEqual({ raw: '20231341', iso: undefined });
    expect(code(() => parseDg12(tlv(0x6c, tlv(0x5c, Buffer.from([0x5f, 0x26])), tlv(0x5f26, 'ABCDEFGH'))))).toBe('bad_date');
  });
});

describe('fuzzing: only DataGroupError, never anything else', () => {
  /** Runs f; returns normally if it succeeded or threw a DataGroupError, rethrows anything else. */
  function onlyDataGroupErrors(f: () => unknown): void {
    try {
      f();
    } catch (e) {
      if (e instanceof DataGroupError) return;
      throw e;
    }
  }
  const mutate = (base: Buffer, ms: { at: number; byte: number; op: number }[]): Buffer => {
    let b = Buffer.from(base);
    for (const m of ms) {
      if (b.length === 0) break;
      const i = m.at % b.length;
      if (m.op === 0) b[i] = m.byte;
      else if (m.op === 1) b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
      else if (m.op === 2) b = Buffer.concat([b.subarray(0, i), Buffer.from([m.byte]), b.subarray(i)]);
      else b = b.subarray(0, i);
    }
    return b;
  };
  const mutations = fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), op: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 6 });
  const parsers: [string, (b: Buffer) => unknown, Buffer][] = [
    ['EF.COM', parseEfCom, tlv(0x60, tlv(0x5f01, '0107'), tlv(0x5f36, '040000'), tlv(0x5c, Buffer.from([0x61, 0x75])))],
    ['DG1', parseDg1, readEpassport('vectors/24_EF_DG1_dg1_L17.bin')],
    ['DG11', parseDg11, tlv(0x6b, tlv(0x5c, Buffer.from([0x5f, 0x0e, 0x5f, 0x2b])), tlv(0x5f0e, 'A<<B'), tlv(0xa0, tlv(0x02, Buffer.from([1])), tlv(0x5f0f, 'C<<D')), tlv(0x5f2b, '19740812'))],
    ['DG12', parseDg12, tlv(0x6c, tlv(0x5c, Buffer.from([0x5f, 0x26, 0x5f, 0x55])), tlv(0x5f26, '20230115'), tlv(0x5f55, '20230110143000'))],
    ['DG14', parseDg14, readEpassport('vectors/03_EF_DG14_sod_L108.bin')],
    ['DG15', parseDg15, readEpassport('vectors/08_EF_DG15_sod_L296.bin')],
  ];

  for (const [name, parse, base] of parsers) {
    it(`${name}: mutated real or hand-built files`, () => {
      expect(() => parse(base)).not.toThrow();
      fc.assert(fc.property(mutations, (ms) => onlyDataGroupErrors(() => parse(mutate(base, ms)))), { numRuns: 400 });
    });
    it(`${name}: arbitrary bytes behind its own tag`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (u) => {
          onlyDataGroupErrors(() => parse(Buffer.from(u)));
          onlyDataGroupErrors(() => parse(Buffer.concat([base.subarray(0, 1), Buffer.from([Math.min(u.length, 0x7f)]), Buffer.from(u).subarray(0, 0x7f)])));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a DataGroupError is a ChipDataError (one catch for every chip reader)', () => {
    expect(() => parseDg1(Buffer.from([0x61]))).toThrow(ChipDataError);
  });
});
