import { describe, expect, it } from 'vitest';
import { MAX_FORMS, detectScript, transliterate, transliterateWord } from './transliterate.js';
import { detectCyrillicLanguage } from './translit-cyrillic.js';
import { HAN_SURNAME_CHARACTERS, HAN_TABLE_DUPLICATES, HAN_TABLE_SIZE, hanReading, splitHanName } from './translit-han.js';
import { scoreNames, DEFAULT_THRESHOLD } from './score.js';

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
    expect(transliterateWord('पुतिन')).toEqual({ forms: ['पतन'], script: 'other', abjad: false }); // Devanagari: marks removed by NFKD
    expect(transliterateWord('ပူတင်').script).toBe('other'); // Myanmar
    expect(transliterateWord('ပူတင်').forms).toHaveLength(1);
    // a Han word with a character outside the name table is kept whole, not half-read
    expect(transliterateWord('䶮明')).toEqual({ forms: ['䶮明'], script: 'han', abjad: false });
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

describe('Japanese kana: passport Hepburn', () => {
  it.each([
    ['やまだ たろう', 'YAMADA TARO'], // long O of たろう not marked
    ['すずき いちろう', 'SUZUKI ICHIRO'],
    ['おおはし', 'OHASHI'], // ŌHASHI on passports: OHASHI
    ['さとう けいこ', 'SATO KEIKO'], // おう → O, えい kept
    ['ゆうき', 'YUKI'], // うう → U
    ['はっとり', 'HATTORI'], // sokuon doubles the consonant
    ['ほっち', 'HOTCHI'], // …and is T before CH
    ['なんば', 'NAMBA'], // ん before B/M/P: M (passport rule)
    ['ほんま', 'HOMMA'],
    ['じゅんいち', 'JUNICHI'], // no apostrophe
    ['きょうこ', 'KYOKO'], // yōon
    ['しょうへい', 'SHOHEI'],
    ['ちゃ', 'CHA'],
    ['りゅう', 'RYU'],
    ['をの', 'ONO'], // を → O
    ['ヤマダ タロウ', 'YAMADA TARO'], // katakana
    ['ジョージ', 'JOJI'], // ー dropped
    ['ファン', 'FAN'], // small vowels of loanwords
    ['ウィリアム', 'WIRIAMU'],
    ['ｽｽﾞｷ', 'SUZUKI'], // half-width katakana
  ])('%s → %s', (kana, latin) => {
    expect(transliterate(kana)[0]).toBe(latin);
  });

  it('also gives the plain-N, OH and kana-by-kana spellings, and the bare katakana form of foreign names', () => {
    expect(transliterateWord('なんば').forms).toEqual(['NAMBA', 'NANBA']);
    expect(transliterateWord('さとう').forms).toEqual(['SATO', 'SATOH', 'SATOU']);
    expect(transliterateWord('おおの').forms).toEqual(expect.arrayContaining(['ONO', 'OHNO', 'OONO']));
    expect(transliterateWord('バラク').forms).toEqual(['BARAKU', 'BARAK']);
    expect(transliterateWord('やまだ').script).toBe('other'); // types.ts has no kana script
  });
});

describe('Thai: RTGS', () => {
  it.each([
    ['ประยุทธ์', 'PRAYUT'], // ธ์ silent, tone marks dropped
    ['จันทร์โอชา', 'CHANOCHA'], // RTGS CHAN-O-CHA, hyphens not written
    ['สมชาย', 'SOMCHAI'], // unwritten O in a closed syllable; าย AI
    ['ทักษิณ', 'THAKSIN'],
    ['ยิ่งลักษณ์', 'YINGLAK'],
    ['อภิสิทธิ์', 'APHISIT'],
    ['เวชชาชีวะ', 'WETCHACHIWA'],
    ['สวัสดี', 'SAWATDI'], // unwritten A in an open syllable
    ['เปรม', 'PREM'], // preposed vowel, cluster
    ['เกรียง', 'KRIANG'],
    ['เสรี', 'SERI'],
    ['ศรี', 'SI'], // ร silent after ศ
    ['หญิง', 'YING'], // leading ห silent
    ['ชวน', 'CHUAN'], // medial ว → UA
    ['ธรรม', 'THAM'], // รร
    ['บรรหาร', 'BANHAN'],
    ['นคร', 'NAKHON'],
    ['แสง', 'SAENG'],
    ['ไทย', 'THAI'],
    ['ลิ้มเจริญรัตน์', 'LIMCHAROENRAT'],
    ['ชินวัตร', 'CHINWAT'], // RTGS CHINNAWAT: the doubled N is a known limit
  ])('%s → %s', (thai, latin) => {
    expect(transliterateWord(thai).forms[0]).toBe(latin);
  });

  it('offers V for ว (the commonest personal-spelling difference)', () => {
    expect(transliterateWord('วิชัย').forms).toEqual(['WICHAI', 'VICHAI']);
  });
});

describe('Khmer: UNGEGN without diacritics', () => {
  it.each([
    ['ហ៊ុន សែន', 'HUN SEN'], // ៊ moves ហ to the second series: ុ U
    ['ប៉ុល ពត', 'POL POT'], // ប៉ is P; unwritten O after the second series
    ['នួន ជា', 'NUON CHEA'],
    ['ហេង សំរិន', 'HENG SAMRIN'],
    ['ខៀវ សំផន', 'KHIEV SAMPHAN'],
    ['តាម៉ុក', 'TAMOK'],
    ['កម្ពុជា', 'KAMPUCHEA'], // a consonant carrying a subscript closes the syllable
    ['ភ្នំពេញ', 'PHNUMPENH'],
    ['ស្ពាន', 'SPEAN'], // subscript ព sets the series
    ['ព្រះ', 'PREAH'],
    ['វ៉្លាឌីមៀរ ពូទីន', 'VLADIMIER PUTIN'],
  ])('%s → %s', (khmer, latin) => {
    expect(transliterate(khmer)[0]).toBe(latin);
  });

  it('offers the French-era OU and final U spellings as a second form', () => {
    expect(transliterateWord('ខៀវ').forms).toEqual(['KHIEV', 'KHIEU']);
  });
});

describe('Han: Pinyin from the name-character table', () => {
  it.each([
    ['习近平', 'XI JINPING'],
    ['王小明', 'WANG XIAOMING'],
    ['李明', 'LI MING'],
    ['王伟', 'WANG WEI'],
    ['毛泽东', 'MAO ZEDONG'],
    ['邓小平', 'DENG XIAOPING'],
    ['陳水扁', 'CHEN SHUIBIAN'], // traditional forms
    ['蔡英文', 'CAI YINGWEN'],
    ['欧阳修', 'OUYANG XIU'], // compound surname
    ['诸葛亮', 'ZHUGE LIANG'],
    ['吕小龙', 'LYU XIAOLONG'], // ü → YU (GB/T 28039-2011)
  ])('%s → %s', (han, latin) => {
    expect(transliterate(han)[0]).toBe(latin);
  });

  it('reads surnames with their name reading', () => {
    expect([...'曾单解区仇朴查翟'].map((c) => hanReading(c))).toEqual(['ZENG', 'SHAN', 'XIE', 'OU', 'QIU', 'PIAO', 'ZHA', 'ZHAI']);
  });

  it('adds Wade–Giles, Cantonese and Hokkien surname spellings, and older ü forms', () => {
    expect(transliterateWord('陳').forms).toEqual(['CHEN', 'CHAN', 'TAN']);
    expect(transliterateWord('李').forms).toEqual(['LI', 'LEE']);
    expect(transliterateWord('张').forms).toEqual(expect.arrayContaining(['ZHANG', 'CHANG', 'CHEUNG']));
    expect(transliterateWord('吕').forms).toEqual(['LYU', 'LU', 'LV']);
    expect(transliterateWord('金').forms).toContain('KIM');
  });

  it('covers the surnames and the common name characters, one reading each', () => {
    expect(HAN_TABLE_DUPLICATES).toEqual([]);
    expect(HAN_TABLE_SIZE).toBeGreaterThanOrEqual(2000);
    expect(HAN_SURNAME_CHARACTERS.size).toBeGreaterThanOrEqual(400);
    expect([...HAN_SURNAME_CHARACTERS].filter((c) => !hanReading(c))).toEqual([]);
  });

  it('splits an unspaced full name only after a known surname', () => {
    expect(splitHanName('习近平')).toEqual(['习', '近平']);
    expect(splitHanName('司马光')).toEqual(['司马', '光']);
    expect(splitHanName('近平')).toEqual(['近平']);
  });

  it('gives Japanese kanji their Chinese reading, so a kanji name does not meet its romaji', () => {
    expect(transliterate('山田太郎')[0]).toBe('SHAN TIANTAILANG');
    expect(scoreNames('山田太郎', 'YAMADA Taro')).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

describe('the new tables in the matcher', () => {
  it.each([
    ['习近平', 'Xi Jinping'],
    ['王小明', 'WANG Xiao Ming'],
    ['やまだ たろう', 'YAMADA, Taro'],
    ['สมชาย', 'Somchai'],
    ['ប៉ុល ពត', 'Pol Pot'],
    ['ហ៊ុន សែន', 'HUN Sen'],
    ['バラク・オバマ', 'Barack Obama'],
  ])('%s matches %s', (native, latin) => {
    expect(scoreNames(native, latin)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
});
