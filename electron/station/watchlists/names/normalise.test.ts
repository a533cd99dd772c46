import { describe, expect, it } from 'vitest';
import { normaliseName, tokenizeName } from './normalise.js';

const kinds = (raw: string) => tokenizeName(raw).map((t) => `${t.forms[0]}:${t.kind[0]}`);

describe('normaliseName', () => {
  it.each([
    ['Mr. Recep Tayyip Erdoğan', 'RECEP TAYYIP ERDOGAN'], // title removed, diacritic folded
    ['Dr. Rami Makhlouf', 'RAMI MAKHLOUF'],
    ['Präsident Putin', 'PUTIN'], // German "president", ICAO Ä → AE or A
    ['Президент Путин', 'PUTIN'],
    ['AL-TALHI, Abd\' Al-Rahim Hamad', 'AL TALHI ABDUL RAHIM HAMAD'], // ABD AL → one element
    ["ABU-'UMAR", 'ABU UMAR'], // apostrophes join, hyphens split
    ['SHAMS UR-RAHMAN', 'SHAMS AL RAHMAN'], // assimilated article UR- = AL
    ['ABD AR-RAHMAN', 'ABDUL RAHMAN'],
    ['Ig0r Sech1n', 'IGOR SECHIN'], // digits read as letters
    ['Sergey Sergey Shoigu', 'SERGEY SHOIGU'], // repeated element
    ['  kim   jong-un ', 'KIM JONG UN'],
    ['Mr.', 'MR'], // a name of titles only keeps them
    ['', ''],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseName(raw)).toBe(expected);
  });

  it('keeps particles as weak tokens and reads initials', () => {
    expect(kinds('Osama bin Laden')).toEqual(['OSAMA:s', 'BIN:p', 'LADEN:s']);
    expect(kinds('Ludwig van Beethoven')).toEqual(['LUDWIG:s', 'VAN:p', 'BEETHOVEN:s']);
    expect(kinds('Haji Asad Khan')).toEqual(['HAJI:p', 'ASAD:s', 'KHAN:s']);
    expect(kinds('J.-C. Juncker')).toEqual(['J:i', 'C:i', 'JUNCKER:s']);
    expect(kinds('JC Juncker')).toEqual(['J:i', 'C:i', 'JUNCKER:s']);
    expect(kinds('Путин В. В.')).toEqual(['PUTIN:s', 'V:i', 'V:i']);
    // Two letters with a vowel are a name, not initials.
    expect(kinds('LI NA')).toEqual(['LI:s', 'NA:s']);
  });

  it('splits the Arabic article and ABDUL- compounds, and Korean surnames', () => {
    expect(normaliseName('عبدالرحمن الراوي')).toBe('ABDUL RAHMAN AL RAWI');
    expect(normaliseName('عبدالله')).toBe('ABDULLAH'); // a lexicon word is never split
    expect(normaliseName('김정은')).toBe('KIM JEONGEUN');
  });

  it('splits a Han name into surname and given name, romanised in pinyin', () => {
    expect(tokenizeName('习近平').map((t) => t.forms[0])).toEqual(['XI', 'JINPING']);
    expect(tokenizeName('欧阳修').map((t) => t.forms[0])).toEqual(['OUYANG', 'XIU']);
  });
});

describe('titles in other scripts', () => {
  it('keeps عمر (Omar), one of whose readings is MR, as a name element', () => {
    const tokens = tokenizeName('عمر خالد');
    expect(tokens).toHaveLength(2);
    expect(tokens[0]!.forms).toEqual(expect.arrayContaining(['UMAR']));
  });
});
