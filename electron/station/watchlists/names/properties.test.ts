import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_THRESHOLD, MAX_BONUS, scoreNames, scorePerson } from './score.js';

const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const token = fc.array(fc.constantFrom(...LETTERS), { minLength: 2, maxLength: 10 }).map((l) => l.join(''));
const name = fc.array(token, { minLength: 1, maxLength: 5 });
const MARKS = ['\u0301', '\u0300', '\u0302', '\u0308', '\u030C', '\u0327', '\u0303', '\u030A'];

const settings = { numRuns: 300, seed: 42 };

describe('name matching properties', () => {
  it('a name matches itself with score 1', () => {
    fc.assert(
      fc.property(name, (tokens) => {
        expect(scoreNames(tokens.join(' '), tokens.join(' '))).toBe(1);
      }),
      settings,
    );
  });

  it('token order does not matter (any permutation, with or without a comma)', () => {
    fc.assert(
      fc.property(name, fc.func(fc.double({ min: 0, max: 1, noNaN: true })), fc.boolean(), (tokens, order, comma) => {
        const shuffled = [...tokens].map((t, i) => ({ t, k: order(i) })).sort((a, b) => a.k - b.k).map((x) => x.t);
        const other = comma && shuffled.length > 1 ? `${shuffled[0]}, ${shuffled.slice(1).join(' ')}` : shuffled.join(' ');
        expect(scoreNames(tokens.join(' '), other)).toBe(1);
      }),
      settings,
    );
  });

  it('case does not matter', () => {
    fc.assert(
      fc.property(name, fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), (tokens, lower) => {
        const text = tokens.join(' ');
        const mixed = [...text].map((c, i) => (lower[i % lower.length] ? c.toLowerCase() : c)).join('');
        expect(scoreNames(text, mixed)).toBe(1);
      }),
      settings,
    );
  });

  it('added diacritics keep the name above the threshold', () => {
    fc.assert(
      fc.property(name, fc.array(fc.integer({ min: -1, max: MARKS.length - 1 }), { minLength: 60, maxLength: 60 }), (tokens, marks) => {
        const text = tokens.join(' ');
        const accented = [...text]
          .map((c, i) => {
            const m = marks[i % marks.length] ?? -1;
            return c === ' ' || m < 0 ? c : c + MARKS[m];
          })
          .join('')
          .normalize('NFC');
        expect(scoreNames(text, accented)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
      }),
      settings,
    );
  });

  it('scores stay in [0, 1] for arbitrary text, in any script', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), (a, b) => {
        const s = scoreNames(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
      settings,
    );
  });

  it('agreeing birth date, nationality and sex never lift a name below threshold − MAX_BONUS over it', () => {
    fc.assert(
      fc.property(name, name, fc.integer({ min: 1920, max: 2010 }), (a, b, year) => {
        const nameScore = scoreNames(a.join(' '), b.join(' '));
        fc.pre(nameScore < DEFAULT_THRESHOLD - MAX_BONUS);
        const date = `${year}-05-17`;
        const r = scorePerson(
          { name: a.join(' '), birthDate: date, nationality: 'UTO', sex: 'F' },
          { id: 'x', name: b.join(' '), aliases: [], birthDates: [date], nationalities: ['UTO'], sex: 'F' },
        );
        expect(r.score).toBeLessThan(DEFAULT_THRESHOLD);
        expect(r.score).toBeLessThanOrEqual(nameScore + MAX_BONUS + 1e-12);
      }),
      settings,
    );
  });
});
