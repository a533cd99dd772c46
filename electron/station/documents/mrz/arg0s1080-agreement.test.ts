// Runs the MRZ strings of Arg0s1080/mrz @ c462e0c (GPL-3.0; the MRZs are specimen data) against
// Borderpost, as captured in shared/datasets/mrz/arg0s1080_mrz_cases.json (see its MANIFEST.md):
// - checker_cases: that library's verdicts and parsed fields for 27 MRZs (TD1, TD2, TD3, MRV-A, MRV-B);
// - generator_cases: the MRZ it generates from given fields, which Borderpost's builder must reproduce.
// The file is read where it lies; none of it is copied here. Its verdicts are that library's, not
// ground truth: Borderpost must agree except on the deliberate disagreements listed below (and in
// DISAGREEMENTS.md). No code of that library was read or reused, only these recorded outputs.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildMrz, parseMrz, type MrzBuildFields, type MrzFormat, type MrzResult } from './index.js';

const DATASET = fileURLToPath(new URL('../../../../../shared/datasets/mrz/arg0s1080_mrz_cases.json', import.meta.url));
const DISAGREEMENTS_MD = fileURLToPath(new URL('./DISAGREEMENTS.md', import.meta.url));
// The recorded verdicts were taken in 2026 (MANIFEST).
const TODAY = new Date('2026-01-15T00:00:00Z');

interface CheckerCase {
  mrz_lines: string[];
  sources: string[];
  checks: { kwargs: Record<string, string>; args: string[]; result: boolean; falses: [string, boolean][]; warnings: string[] }[];
  fields: Record<string, string>;
  format: string;
}

interface GeneratorCase {
  source: string;
  class: string;
  inputs: string[];
  kwargs: Record<string, string>;
  generated_mrz_lines: string[];
}

const data = JSON.parse(readFileSync(DATASET, 'utf8')) as { checker_cases: CheckerCase[]; generator_cases: GeneratorCase[] };

type View = Record<string, string | boolean | null>;

/** Arg0s1080 check names → Borderpost error fields. */
const CHECK_FIELD: Record<string, string> = {
  'final hash': 'compositeCheckDigit',
  'document number hash': 'documentNumberCheckDigit',
  'birth date hash': 'birthDateCheckDigit',
  'expiry date hash': 'expiryDateCheckDigit',
  'optional data hash': 'personalNumberCheckDigit',
  'valid country code': 'issuingState',
  'valid nationality code': 'nationality',
  'birth date': 'birthDate',
  'expiry date': 'expiryDate',
  identifier: 'name',
  'document number format': 'documentNumber',
  'document type format': 'documentCode',
  sex: 'sex',
};

/** Borderpost error fields folded the way Arg0s1080 reports them. */
const OUR_FIELD: Record<string, string> = { primaryIdentifier: 'name', secondaryIdentifier: 'name' };

function theirs(c: CheckerCase): View {
  // An expired document is a policy matter, not an MRZ fault: drop "expiry date" where that check
  // itself explains it as "document expired".
  const falses = c.checks.flatMap((check) =>
    check.falses
      .map(([name]) => name)
      .filter((name) => !(name === 'expiry date' && check.warnings.includes('document expired'))),
  );
  const f = c.fields;
  const text = (v: string | undefined): string | null => (v === undefined || v === 'None' ? null : v);
  return {
    format: c.format.replace('-', ''),
    valid: falses.length === 0,
    errorFields: [...new Set(falses.map((name) => CHECK_FIELD[name] ?? name))].sort().join(','),
    surname: text(f.surname),
    name: text(f.name),
    country: text(f.country),
    nationality: text(f.nationality),
    birth_date: text(f.birth_date),
    expiry_date: text(f.expiry_date),
    sex: f.sex === '<' ? 'X' : text(f.sex),
    document_type: text(f.document_type),
    document_number: text(f.document_number),
    optional_data: text(f.optional_data),
    optional_data_2: text(f.optional_data_2),
  };
}

function rawDate(line: string, start: number): string {
  return line.slice(start, start + 6);
}

function ours(result: MrzResult, c: CheckerCase): View {
  const f = result.fields;
  const line2 = result.lines[1] ?? '';
  // Arg0s1080 reports dates as written; compare the MRZ text, and separately whether Borderpost read a date.
  const [birthAt, expiryAt] = result.format === 'TD1' ? [0, 8] : [13, 21];
  const view: View = {
    format: result.format,
    valid: result.valid,
    errorFields: [...new Set(result.errors.map((e) => OUR_FIELD[e.field] ?? e.field))].sort().join(','),
    surname: f.primaryIdentifier,
    name: f.secondaryIdentifier,
    country: f.issuingState,
    nationality: f.nationality,
    birth_date: rawDate(line2, birthAt),
    expiry_date: rawDate(line2, expiryAt),
    sex: f.sex,
    document_type: result.documentCode,
    document_number: f.documentNumber,
    optional_data: f.optionalData,
    optional_data_2: f.optionalData2 ?? null,
  };
  if (!('optional_data_2' in c.fields)) delete view.optional_data_2;
  return view;
}

const UNPROVEN_NAMES = 'Borderpost keeps a name as read and reports it; Arg0s1080 drops it (None) when it is malformed';
const PLAUSIBILITY =
  'Arg0s1080 also judges date plausibility (birth after expiry): Borderpost checks each date is a real calendar date; plausibility is an inspection rule';
const INP = "issuing state INP is not an ICAO 9303 code (INTERPOL is XPO): Borderpost flags it, Arg0s1080 accepts it";
const LEADING_FILLER = "the document number field reads '<BAD<<<<<': Borderpost keeps the leading filler it reports, Arg0s1080 strips it";

/** Key: first MRZ line + '|' + second; aspect '*' is not used here. */
const DISAGREEMENTS: Record<string, { aspects: string[]; reason: string }[]> = {
  'I<BAD<BAD<<<<<0<<<<<<BAD<<<<<<|0105998<0512868BAD<<<<BAD<<<<0': [
    { aspects: ['surname', 'name'], reason: UNPROVEN_NAMES },
    { aspects: ['document_number'], reason: LEADING_FILLER },
  ],
  'P<INPSPECIMEN<<SAMPLE<<<<<<<<<<<<<<<<<<<<<<<|XX000000<0FRA1901012F16073021234567890<<<<70': [
    { aspects: ['errorFields'], reason: `${INP}; ${PLAUSIBILITY}` },
  ],
};

const caseKey = (lines: readonly string[]): string => `${lines[0]}|${lines[1]}`;

describe('Arg0s1080/mrz checker cases (shared/datasets/mrz/arg0s1080_mrz_cases.json)', () => {
  it('holds the 27 checker cases and 36 generator cases its MANIFEST describes', () => {
    expect(data.checker_cases).toHaveLength(27);
    expect(data.generator_cases).toHaveLength(36);
  });

  describe.each(data.checker_cases.map((c) => [`${c.format} ${c.sources[0]} ${c.mrz_lines[0]}`, c] as const))('%s', (_, c) => {
    const result = parseMrz(c.mrz_lines, { today: TODAY });
    const mine = ours(result, c);
    const other = theirs(c);
    const listed = (DISAGREEMENTS[caseKey(c.mrz_lines)] ?? []).flatMap((d) => d.aspects);

    it('agrees except on listed aspects', () => {
      const agreeing = Object.keys(other).filter((a) => !listed.includes(a));
      expect(Object.fromEntries(agreeing.map((a) => [a, mine[a] ?? null]))).toEqual(
        Object.fromEntries(agreeing.map((a) => [a, other[a] ?? null])),
      );
    });

    if (listed.length > 0) it('really disagrees on each listed aspect', () => {
      for (const aspect of listed) expect({ aspect, value: mine[aspect] ?? null }).not.toEqual({ aspect, value: other[aspect] ?? null });
    });
  });

  it('every listed disagreement is written up in DISAGREEMENTS.md', () => {
    const doc = readFileSync(DISAGREEMENTS_MD, 'utf8');
    for (const key of Object.keys(DISAGREEMENTS)) expect(doc, key).toContain(key.split('|')[0]);
  });
});

// Arg0s1080 takes country names as well as codes; these are the ones its samples use.
const COUNTRY: Record<string, string> = {
  MONACO: 'MCO',
  SERBIA: 'SRB',
  SWEDEN: 'SWE',
  UTOPIA: 'UTO',
  INTERPOL: 'INP', // what that library writes; not an ICAO code
  FRANCE: 'FRA',
  ICELAND: 'ISL',
  JAPAN: 'JPN',
  QATAR: 'QAT',
  TAIWAN: 'TWN',
  UKRAINE: 'UKR',
  UNKNOWN: 'XXX',
};
const code = (country: string): string => COUNTRY[country.toUpperCase()] ?? country;

/** Generator inputs in Borderpost's builder fields, by the argument order of each generator class. */
function buildFields(g: GeneratorCase): { format: MrzFormat; fields: MrzBuildFields } {
  const i = g.inputs;
  const at = (n: number): string => i[n] ?? '';
  if (g.class === 'TD1CodeGenerator') {
    return {
      format: 'TD1',
      fields: {
        documentCode: at(0),
        issuingState: code(at(1)),
        documentNumber: at(2),
        birthDate: at(3),
        sex: at(4).toUpperCase() as MrzBuildFields['sex'],
        expiryDate: at(5),
        nationality: code(at(6)),
        primaryIdentifier: at(7),
        secondaryIdentifier: at(8),
        optionalData: at(9),
        optionalData2: at(10),
      },
    };
  }
  const visa = at(0).toUpperCase().startsWith('V');
  const format: MrzFormat = g.class.startsWith('MRVA') || (visa && g.class === 'TD3CodeGenerator')
    ? 'MRVA'
    : g.class.startsWith('MRVB') || (visa && g.class === 'TD2CodeGenerator')
      ? 'MRVB'
      : g.class === 'TD2CodeGenerator'
        ? 'TD2'
        : 'TD3';
  return {
    format,
    fields: {
      documentCode: at(0),
      issuingState: code(at(1)),
      primaryIdentifier: at(2),
      secondaryIdentifier: at(3),
      documentNumber: at(4),
      nationality: code(at(5)),
      birthDate: at(6),
      sex: at(7).toUpperCase() as MrzBuildFields['sex'],
      expiryDate: at(8),
      optionalData: at(9) === 'dict' ? '' : at(9),
      // That library writes 0, not <, as the check digit of an empty personal number (both allowed).
      emptyPersonalNumberCheckDigit: '0',
    },
  };
}

/** Generator cases Borderpost's builder does not reproduce, and why. */
const NOT_BUILT: Record<string, string> = {
  'examples/mrz_generator_samples/id_card_srb.py': 'Cyrillic names: the builder transliterates Latin script only',
  'tests/td1_gnt_02.py': 'Cyrillic names: the builder transliterates Latin script only',
  'examples/mrz_generator_samples/passport_asu.py': 'Arabic names: the builder transliterates Latin script only',
  'examples/mrz_generator_samples/passport_ukr.py': 'Cyrillic names: the builder transliterates Latin script only',
};

describe('Arg0s1080/mrz generator cases: Borderpost builder output', () => {
  const cases = data.generator_cases.map((g) => [`${g.class} ${g.source}`, g] as const);

  it.each(cases)('%s', (_, g) => {
    const reason = NOT_BUILT[g.source];
    const { format, fields } = buildFields(g);
    if (reason !== undefined) {
      // The reason holds: building it fails for lack of a transliteration, not for any other fault.
      expect(() => buildMrz(format, fields)).toThrow(/Latin script only/);
      return;
    }
    expect(buildMrz(format, fields)).toEqual(g.generated_mrz_lines);
  });

  it('every generated MRZ parses with the fields it was generated from', () => {
    for (const g of data.generator_cases) {
      const result = parseMrz(g.generated_mrz_lines, { today: TODAY });
      const { fields } = buildFields(g);
      expect(result.usable, g.source).toBe(true);
      expect(result.errors.filter((e) => e.field.endsWith('CheckDigit')), g.source).toEqual([]);
      expect(result.fields.documentNumber, g.source).toBe(fields.documentNumber.toUpperCase());
      expect(result.fields.birthDate?.slice(2).replace(/-/g, ''), g.source).toBe(fields.birthDate);
    }
  });
});
