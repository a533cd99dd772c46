import { describe, expect, it } from 'vitest';
import { MAX_FORMS, detectScript, transliterate, transliterateWord } from './transliterate.js';
import { detectCyrillicLanguage } from './translit-cyrillic.js';

/**
 * Primary (first) forms are the ICAO Doc 9303 Part 3 section 6 tables ("Transliterations
 * recommended for use by States"): table A for Latin letters with diacritics, table B for Cyrillic,
 * table C for Arabic (X escapes dropped). Other forms are the traditions the matcher must also meet.
 */
describe('ICAO 9303-3 table B: Cyrillic', () => {
  it.each([
    ['ГОРБАЧЁВ', 'GORBACHEV'],
    ['Щукин', 'SHCHUKIN'],
    ['Хрущёв', 'KHRUSHCHEV'],
    ['Юлия', 'IULIIA'],
    ['Цой', 'TSOI'],
    ['Объедков', 'OBIEEDKOV'], // Ъ → IE
    ['Эдуард', 'EDUARD'],
    ['Пьер', 'PER'], // Ь omitted
    ['Ђорђе', 'DORDE'], // Serbian Ђ → D
    ['Љубиша', 'LJUBISHA'],
    ['Његош', 'NJEGOSH'],
    ['Џаковић', 'DZAKOVIC'], // Џ → DZ, Ћ → C
    ['Ѓорѓи', 'GORGI'], // Macedonian Ѓ → G
    ['Ќосе', 'KOSE'],
    ['Ѕвезда', 'DZVEZDA'],
    ['Ґонта', 'GONTA'], // Ukrainian Ґ → G
  ])('%s → %s', (cyr, latin) => {
    expect(transliterateWord(cyr).forms[0]).toBe(latin);
  });

  it('reads Г as H and И as Y in Ukrainian and Belarusian names', () => {
    expect(transliterate('Олександр Зеленський Євген')[0]).toBe('OLEKSANDR ZELENSKYI IEVHEN');
    expect(transliterateWord('Уладзімір', 'be').forms[0]).toBe('ULADZIMIR');
    expect(transliterateWord('Ігар', 'be').forms[0]).toBe('IHAR');
    expect(transliterateWord('Аляксандр', 'be').forms[0]).toBe('ALIAKSANDR');
  });

  it('detects the language from the letters only some alphabets have', () => {
    expect(detectCyrillicLanguage('Володимир Зеленський')).toBe('ru'); // no giveaway letter
    expect(detectCyrillicLanguage('Євген')).toBe('uk');
    expect(detectCyrillicLanguage('Уладзімір Уладзіміравіч')).toBe('uk');
    expect(detectCyrillicLanguage('Аляксандр Лукашэнка Ўладзімір')).toBe('be');
    expect(detectCyrillicLanguage('Ђорђе')).toBe('sr');
    expect(detectCyrillicLanguage('Ѓорѓи')).toBe('mk');
  });

  it('also gives the English, French and German spellings found on older documents', () => {
    expect(transliterateWord('ГОРБАЧЁВ').forms).toEqual(expect.arrayContaining(['GORBACHEV', 'GORBATCHEV', 'GORBATSCHJOW']));
    expect(transliterateWord('Юрий').forms).toEqual(expect.arrayContaining(['IURII', 'YURIY', 'YURI', 'JURIJ']));
    expect(transliterateWord('Ђорђе').forms).toContain('DJORDJE');
    // A Ukrainian reading is always offered, because the name may carry no Ukrainian-only letter.
    expect(transliterateWord('Володимир').forms).toContain('VOLODYMYR');
  });
});

describe('ICAO 9303-3 table C: Arabic', () => {
  it('gives the conventional forms of common names first, then the letters', () => {
    const forms = transliterateWord('محمد').forms;
    expect(forms.slice(0, 4)).toEqual(['MOHAMMED', 'MUHAMMAD', 'MOHAMED', 'MOHAMMAD']);
    expect(forms).toContain('MHMD'); // the ICAO consonant skeleton, X escapes dropped
  });

  it.each([
    ['أحمد', 'AHMED'], // hamza on alef folded for the lexicon
    ['إبراهيم', 'IBRAHIM'],
    ['فاطمة', 'FATIMA'], // teh marbuta
    ['يحيى', 'YAHYA'], // alef maqsura
    ['مُحَمَّد', 'MOHAMMED'], // harakat and shadda removed
    ['مـحـمـد', 'MOHAMMED'], // tatweel removed
    ['ثامر', 'THAMR'], // ث → TH, no short vowels in the script
    ['فلاديمير', 'FLADIMIR'],
  ])('%s → %s', (ar, latin) => {
    expect(transliterateWord(ar).forms[0]).toBe(latin);
  });

  it('writes teh marbuta as AH at the end of a name in the ICAO form, and offers regional readings', () => {
    expect(transliterateWord('فاطمة').forms).toContain('FATTMAH'); // ICAO: ط → (X)TT, final ة → (X)AH
    expect(transliterateWord('ثامر').forms).toContain('SAMR'); // ث read S (Turkish/Persian practice)
    expect(transliterateWord('جمال').forms).toEqual(expect.arrayContaining(['JAMAL', 'GAMAL', 'DJAMEL']));
  });

  it('folds Persian letters and keeps the result bounded', () => {
    expect(transliterateWord('یوسف').forms[0]).toBe('YOUSEF'); // Farsi yeh
    expect(transliterateWord('پرویز').forms).toEqual(expect.arrayContaining(['PRUIZ', 'PRWYZ'])); // پ P; ICAO و W, ی Y
    for (const w of ['عبدالرحمن', 'محمد', 'ابوبكر']) expect(transliterateWord(w).forms.length).toBeLessThanOrEqual(MAX_FORMS);
  });
});

describe('ICAO 9303-3 table A: Latin letters with diacritics', () => {
  it.each([
    ['Müller', ['MUELLER', 'MULLER']],
    ['Åse', ['AASE', 'ASE']],
    ['Øster', ['OESTER', 'OSTER']],
    ['Ærø', ['AEROE', 'AERO']],
    ['Þór', ['THOR']],
    ['Straße', ['STRASSE']],
    ['Łódź', ['LODZ']],
    ['Dvořák', ['DVORAK']],
    ['Erdoğan', ['ERDOGAN']],
    ['İnönü', ['INOENUE', 'INONU']],
  ])('%s → %j', (word, forms) => {
    expect(transliterateWord(word).forms).toEqual(forms);
  });
});

describe('other tables', () => {
  it.each([
    // ELOT 743 / ISO 843
    ['Γεώργιος', 'GEORGIOS'],
    ['Ευάγγελος', 'EVANGELOS'],
    ['Αύγουστος', 'AVGOUSTOS'],
    ['Μπακογιάννης', 'BAKOGIANNIS'],
    ['Ντόρα', 'DORA'],
    ['Χατζηδάκης', 'CHATZIDAKIS'],
    ['Αϊβαλιώτης', 'AIVALIOTIS'], // dialytika: no AI digraph
    ['Ψαρράς', 'PSARRAS'],
    // BGN/PCGN Armenian
    ['Պետրոսյան', 'PETROSYAN'],
    ['Երևան', 'YEREVAN'],
    ['Ոսկան', 'VOSKAN'],
    // Georgian national system 2002
    ['წერეთელი', 'TSERETELI'],
    ['ჯაბა', 'JABA'],
    ['ყაზბეგი', 'QAZBEGI'],
    // Hebrew (consonantal)
    ['משה', 'MSHE'],
    // Hangul (RR 2000 + conventional surnames)
    ['김', 'KIM'],
    ['정은', 'JEONGEUN'],
  ])('%s → %s', (word, latin) => {
    expect(transliterateWord(word).forms[0]).toBe(latin);
  });

  it('flags abjad scripts so the matcher compares skeletons', () => {
    expect(transliterateWord('محمد').abjad).toBe(true);
    expect(transliterateWord('משה').abjad).toBe(true);
    expect(transliterateWord('Путин').abjad).toBe(false);
  });

  it('keeps scripts without a table as they are, honestly untransliterated', () => {
    expect(transliterateWord('李明')).toEqual({ forms: ['李明'], script: 'han', abjad: false });
    expect(transliterateWord('สมชาย').script).toBe('other');
    expect(transliterateWord('สมชาย').forms).toHaveLength(1);
  });
});

describe('transliterate (whole strings)', () => {
  it('combines word forms into at most MAX_FORMS strings, the all-primary one first', () => {
    const out = transliterate('Михаил Сергеевич ГОРБАЧЁВ');
    expect(out[0]).toBe('MIKHAIL SERGEEVICH GORBACHEV');
    expect(out.length).toBeGreaterThan(1);
    expect(out.length).toBeLessThanOrEqual(MAX_FORMS);
    expect(new Set(out).size).toBe(out.length);
  });

  it('detects the majority script of a word', () => {
    expect(detectScript('Путин')).toBe('cyrillic');
    expect(detectScript('بوتين')).toBe('arabic');
    expect(detectScript('Πούτιν')).toBe('greek');
    expect(detectScript('Putin')).toBe('latin');
    expect(detectScript('---')).toBe('other');
  });
});
