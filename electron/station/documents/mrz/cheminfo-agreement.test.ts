// Runs another parser's test suite against Borderpost: cheminfo/mrz @ ce4ad68 (MIT), as extracted
// into shared/datasets/mrz/cheminfo_mrz_cases.json (see that folder's MANIFEST.md). The file is read
// where it lies; nothing of it is copied into this repository. Borderpost must agree on every case
// and aspect except the deliberate disagreements listed below (and, with reasons, in DISAGREEMENTS.md).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDigit, parseMrz, type MrzResult } from './index.js';

const DATASET = fileURLToPath(new URL('../../../../../shared/datasets/mrz/cheminfo_mrz_cases.json', import.meta.url));
const DISAGREEMENTS_MD = fileURLToPath(new URL('./DISAGREEMENTS.md', import.meta.url));
// cheminfo has no clock option; its cases are dated by the suite (expiry 2034, birth 2013 read as past).
const TODAY = new Date('2026-01-15T00:00:00Z');

interface CheminfoCase {
  id: string;
  test: string;
  input_lines: string[];
  options: { autocorrect?: boolean };
  expected: {
    format: string | null;
    valid: boolean | null;
    error: string | null;
    key_fields: Record<string, string | null>;
  };
  parser_output_at_commit: {
    format: string;
    valid: boolean;
    fields: Record<string, string | null>;
    invalid_fields: { field: string; error: string }[];
  } | null;
  parser_error_at_commit: string | null;
}

interface CheminfoSuite {
  cases: CheminfoCase[];
  check_digit_cases: {
    cases: { input: string; check_digit?: string; valid?: boolean; computed?: number; computed_not?: number }[];
  };
}

const suite = JSON.parse(readFileSync(DATASET, 'utf8')) as CheminfoSuite;

/** What one parser says about one input, in cheminfo's vocabulary. */
type View = Record<string, string | boolean | null>;

const KEY_FIELDS = ['documentNumber', 'birthDate', 'expirationDate', 'nationality', 'issuingState', 'lastName', 'firstName', 'sex'] as const;

const FORMAT: Record<string, string> = { TD1: 'TD1', TD2: 'TD2', TD3: 'TD3', FRENCH_NATIONAL_ID: 'FRA_ID' };

/** cheminfo's invalid field names in Borderpost's field names. */
const ERROR_FIELD: Record<string, string> = {
  lastName: 'primaryIdentifier',
  firstName: 'secondaryIdentifier',
  administrativeCode2: 'documentNumber', // part of the French card number for Borderpost
};

function theirs(c: CheminfoCase): View {
  if (c.expected.error !== null || c.parser_error_at_commit !== null || c.parser_output_at_commit === null) {
    return { usable: false };
  }
  const out = c.parser_output_at_commit;
  const view: View = {
    usable: true,
    format: FORMAT[out.format] ?? `unsupported:${out.format}`,
    valid: c.expected.valid ?? out.valid,
    errorFields: [...new Set(out.invalid_fields.map((f) => ERROR_FIELD[f.field] ?? f.field))].sort().join(','),
  };
  for (const key of KEY_FIELDS) {
    const asserted = c.expected.key_fields[key];
    view[key] = asserted !== undefined && asserted !== '<not asserted>' ? asserted : (out.fields[key] ?? null);
  }
  return view;
}

const yymmdd = (iso: string | null): string | null => (iso === null ? null : iso.slice(2).replace(/-/g, ''));
const SEX = { M: 'male', F: 'female', X: 'nonspecified' } as const;

function ours(result: MrzResult): View {
  if (!result.usable) return { usable: false };
  const f = result.fields;
  return {
    usable: true,
    format: result.format,
    valid: result.valid,
    errorFields: [...new Set(result.errors.map((e) => e.field))].sort().join(','),
    documentNumber: f.documentNumber,
    birthDate: yymmdd(f.birthDate),
    expirationDate: yymmdd(f.expiryDate),
    nationality: f.nationality,
    issuingState: f.issuingState,
    lastName: f.primaryIdentifier,
    firstName: f.secondaryIdentifier,
    sex: SEX[f.sex],
  };
}

// Reasons, one line each; DISAGREEMENTS.md explains them at length.
const UTO = 'UTO, the ICAO specimen state, is accepted by Borderpost (with a warning); cheminfo nulls it and marks the MRZ invalid';
const FRA_NUMBER = 'the French ID document number is the whole 12-character card number the check digit covers; cheminfo keeps the last 5';
const FRA_NATIONALITY = 'the French ID card is issued to French nationals only: Borderpost reports nationality FRA, cheminfo leaves it unset';
const UNSUPPORTED = 'driving licences are not travel documents and are out of scope: Borderpost reports "not an MRZ"';
const UNPROVEN = 'Borderpost corrects OCR only where a check digit proves it; names and state codes have none, so they stay as read and are reported';
const FRA_PREFIX = "line 1 reads '1DFRA' (OCR), so the card is not recognised as a French ID and is read, and rejected, as TD2";

/** Aspect `*`: Borderpost does not read the input as an MRZ at all (usable: false). */
type Disagreement = { aspects: string[]; reason: string };

/** case id → the aspects on which Borderpost deliberately differs, and why. */
const DISAGREEMENTS: Record<string, Disagreement[]> = {
  'cheminfo-003': [{ aspects: ['*'], reason: UNSUPPORTED }],
  'cheminfo-004': [{ aspects: ['*'], reason: UNSUPPORTED }],
  'cheminfo-005': [{ aspects: ['*'], reason: UNSUPPORTED }],
  'cheminfo-006': [{ aspects: ['documentNumber'], reason: FRA_NUMBER }, { aspects: ['nationality'], reason: FRA_NATIONALITY }],
  'cheminfo-007': [{ aspects: ['documentNumber'], reason: FRA_NUMBER }, { aspects: ['nationality'], reason: FRA_NATIONALITY }],
  'cheminfo-008': [{ aspects: ['documentNumber'], reason: FRA_NUMBER }, { aspects: ['nationality'], reason: FRA_NATIONALITY }],
  'cheminfo-009': [{ aspects: ['documentNumber'], reason: FRA_NUMBER }, { aspects: ['nationality'], reason: FRA_NATIONALITY }],
  'cheminfo-010': [
    {
      aspects: ['format', 'valid', 'errorFields', 'documentNumber', 'birthDate', 'nationality', 'lastName', 'firstName', 'sex'],
      reason: `${FRA_PREFIX}; ${UNPROVEN}`,
    },
  ],
  'cheminfo-011': [{ aspects: ['*'], reason: UNSUPPORTED }],
  'cheminfo-012': [{ aspects: ['*'], reason: UNSUPPORTED }],
  'cheminfo-013': [{ aspects: ['*'], reason: UNSUPPORTED }],
  'cheminfo-014': [{ aspects: ['*'], reason: UNSUPPORTED }],
  'cheminfo-021': [{ aspects: ['valid', 'errorFields', 'issuingState', 'nationality'], reason: UTO }],
  'cheminfo-022': [{ aspects: ['valid', 'errorFields', 'issuingState', 'nationality'], reason: UTO }],
  'cheminfo-023': [{ aspects: ['valid', 'errorFields', 'issuingState', 'nationality'], reason: UTO }],
  'cheminfo-026': [{ aspects: ['valid', 'errorFields', 'lastName', 'firstName'], reason: UNPROVEN }],
  'cheminfo-030': [{ aspects: ['valid', 'errorFields', 'issuingState', 'nationality'], reason: UTO }],
  'cheminfo-031': [{ aspects: ['valid', 'errorFields', 'issuingState', 'nationality'], reason: UTO }],
  'cheminfo-032': [
    { aspects: ['issuingState'], reason: UTO },
    { aspects: ['errorFields', 'nationality', 'lastName', 'firstName'], reason: UNPROVEN },
  ],
  'cheminfo-033': [{ aspects: ['valid', 'errorFields', 'issuingState', 'nationality'], reason: UTO }],
  'cheminfo-034': [{ aspects: ['errorFields', 'issuingState', 'nationality'], reason: UTO }],
  'cheminfo-039': [{ aspects: ['valid', 'errorFields', 'issuingState', 'nationality'], reason: UTO }],
  'cheminfo-040': [
    { aspects: ['nationality'], reason: UTO },
    { aspects: ['errorFields', 'issuingState', 'lastName', 'firstName'], reason: UNPROVEN },
  ],
};

describe('cheminfo/mrz suite (shared/datasets/mrz/cheminfo_mrz_cases.json)', () => {
  it('holds the 40 parse cases and 15 check-digit cases its MANIFEST describes', () => {
    expect(suite.cases).toHaveLength(40);
    expect(suite.check_digit_cases.cases).toHaveLength(15);
  });

  describe.each(suite.cases.map((c) => [`${c.id} ${c.test}`, c] as const))('%s', (_, c) => {
    const mine = ours(parseMrz(c.input_lines, { today: TODAY }));
    const other = theirs(c);
    const listed = (DISAGREEMENTS[c.id] ?? []).flatMap((d) => d.aspects);

    it('agrees except on listed aspects', () => {
      const aspects = listed.includes('*') ? [] : [...new Set([...Object.keys(other), ...Object.keys(mine)])];
      const agreeing = aspects.filter((a) => !listed.includes(a));
      expect(Object.fromEntries(agreeing.map((a) => [a, mine[a] ?? null]))).toEqual(
        Object.fromEntries(agreeing.map((a) => [a, other[a] ?? null])),
      );
    });

    if (listed.length > 0) it('really disagrees on each listed aspect (the list is not stale)', () => {
      if (listed.includes('*')) expect(mine.usable).not.toBe(other.usable);
      for (const aspect of listed.filter((a) => a !== '*')) {
        expect({ aspect, value: mine[aspect] ?? null }).not.toEqual({ aspect, value: other[aspect] ?? null });
      }
    });
  });

  it('every listed disagreement is written up in DISAGREEMENTS.md', () => {
    const doc = readFileSync(DISAGREEMENTS_MD, 'utf8');
    for (const id of Object.keys(DISAGREEMENTS)) expect(doc, id).toContain(id);
  });

  describe('check-digit cases (src/parsers/__tests__/check.test.ts)', () => {
    it.each(suite.check_digit_cases.cases.map((c) => [c.input, c] as const))('%s', (_, c) => {
      const computed = checkDigit(c.input);
      if (c.check_digit !== undefined) expect(computed === Number(c.check_digit)).toBe(c.valid);
      if (c.computed !== undefined) expect(computed).toBe(c.computed);
      if (c.computed_not !== undefined) expect(computed).not.toBe(c.computed_not);
    });
  });
});
