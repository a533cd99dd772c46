import { describe, expect, it } from 'vitest';
import { readMrzName } from './mrz-names.js';

describe('readMrzName (ICAO 9303-3 §4.6)', () => {
  const cases: [string, string, string, boolean][] = [
    ['ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'ERIKSSON', 'ANNA MARIA', false],
    ['MUSTERMANN<<ERIKA<<<<<<<<', 'MUSTERMANN', 'ERIKA', false],
    ['CACADOR<DE<ARAUJO<<ANDRE<ESTEV', 'CACADOR DE ARAUJO', 'ANDRE ESTEV', true], // field full: may be truncated
    ['<<ANNA<MARIA<<<<<', '', 'ANNA MARIA', false], // only a secondary identifier
    ['TEST<<<<<<<<<<<<<', 'TEST', '', false], // only a primary identifier
    ['OSPELT<BECK<<MARISA<<<<', 'OSPELT BECK', 'MARISA', false],
    ['SMITH<<<JOHN<<<<', 'SMITH', 'JOHN', false], // a stray third filler is not part of the given name
    ['SMITH<<JOHN<<PAUL<<<<', 'SMITH', 'JOHN PAUL', false], // a second << inside given names reads as a space
  ];
  it.each(cases)('%s', (field, primary, secondary, truncated) => {
    expect(readMrzName(field)).toEqual({ primaryIdentifier: primary, secondaryIdentifier: secondary, truncated, problems: [] });
  });

  it('reports digits in either part, and keeps the text as read', () => {
    const name = readMrzName('ERIK55ON<<ANNA<MAR1A<<<<');
    expect(name.primaryIdentifier).toBe('ERIK55ON');
    expect(name.secondaryIdentifier).toBe('ANNA MAR1A');
    expect(name.problems.map((p) => p.field)).toEqual(['primaryIdentifier', 'secondaryIdentifier']);
  });

  it('reports an empty name', () => {
    expect(readMrzName('<<<<<<<<').problems).toEqual([{ field: 'primaryIdentifier', message: 'name is empty' }]);
  });
});
