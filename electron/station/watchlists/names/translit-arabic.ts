/**
 * Arabic script (Arabic, Persian, Urdu, Pashto letters) → Latin.
 *
 * Arabic writes long vowels but not short ones, so no letter table alone can give "MOHAMMED" for
 * محمد. ICAO Doc 9303 Part 3, section 6 "Transliterations recommended for use by States", table C,
 * therefore transliterates consonants (with an X escape for letters that need two Latin letters) and
 * tells inspection systems to ignore the X and to expect missing vowels. This module produces:
 *   1. conventional spellings from a small lexicon of very common name elements (محمد → MOHAMMED,
 *      MUHAMMAD, …), because those carry most of the weight in real lists;
 *   2. a conventional letter-by-letter form (ث TH, خ KH, ش SH, ا A, و U/W, ي I/Y, ة A…);
 *   3. a French-practice form (ش CH, ج DJ, و OU), common for North-African names;
 *   4. the ICAO table C consonant letters with the X escapes removed (MHMD, FLADYMYR);
 *   5. a regional form with the second readings of the letters that vary most by country
 *      (ث S, ذ Z, ظ/ض DH, ق and ج G, خ H, غ G: Egyptian GAMAL, Maghrebi BELGACEM, Iraqi KATHIM/KAZIM).
 * Tokens from this script are flagged `abjad`, and the matcher compares their consonant skeletons
 * (see phonetic.ts) rather than trusting the vowels of any of these forms.
 *
 * Normalisations applied first (all common practice for Arabic name search, and ICAO notes that
 * shadda and harakat are normally omitted): harakat, shadda, sukun, superscript alef and tatweel are
 * removed; the alef forms أ إ آ ٱ, alef maqsura ى / yeh ي, and teh marbuta ة / heh ه are folded for
 * the lexicon lookup only; Persian/Urdu keheh ک, Farsi yeh ی, heh goal ہ and heh doachashmee ھ are
 * folded to their Arabic counterparts.
 */

const HARAKAT = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

const PERSIAN_FOLD: Record<string, string> = {
  'ک': 'ك',
  'ی': 'ي',
  'ې': 'ي',
  'ے': 'ي',
  'ۍ': 'ي',
  'ہ': 'ه',
  'ۀ': 'ه',
  'ھ': 'ه',
  'ە': 'ه',
  'ۃ': 'ة',
};

export function cleanArabic(word: string): string {
  let out = '';
  for (const ch of word.normalize('NFC').replace(HARAKAT, '')) out += PERSIAN_FOLD[ch] ?? ch;
  return out;
}

/** Folding used only to look words up: alef forms → ا, ى → ي, ة → ه, hamza seats → their letter. */
function lexiconKey(word: string): string {
  return word
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ئ/g, 'ي')
    .replace(/ؤ/g, 'و')
    .replace(/ء/g, '');
}

/** Conventional spellings of very common name elements, most frequent in watch-lists first. */
const LEXICON: Record<string, readonly string[]> = {
  'محمد': ['MOHAMMED', 'MUHAMMAD', 'MOHAMED', 'MOHAMMAD', 'MUHAMMED'],
  'احمد': ['AHMED', 'AHMAD'],
  'محمود': ['MAHMOUD', 'MAHMUD'],
  'علي': ['ALI'],
  'حسن': ['HASSAN', 'HASAN'],
  'حسين': ['HUSSEIN', 'HUSSAIN', 'HUSAYN', 'HOSSEIN'],
  'عمر': ['OMAR', 'UMAR'],
  'عثمان': ['OTHMAN', 'OSMAN', 'UTHMAN'],
  'خالد': ['KHALID', 'KHALED'],
  'يوسف': ['YOUSEF', 'YUSUF', 'YOUSSEF', 'YOUSIF'],
  'ابراهيم': ['IBRAHIM', 'EBRAHIM'],
  'اسماعيل': ['ISMAIL', 'ESMAIL'],
  'مصطفي': ['MUSTAFA', 'MOSTAFA'],
  'عبدالله': ['ABDULLAH', 'ABDALLAH', 'ABDELLAH'],
  'عبد': ['ABD', 'ABDUL', 'ABDEL'],
  'عبدال': ['ABDUL', 'ABDEL', 'ABDAL', 'ABDOUL'],
  'الله': ['ALLAH', 'ULLAH'],
  'ال': ['AL', 'EL'],
  'بن': ['BIN', 'BEN'],
  'ابن': ['IBN'],
  'بنت': ['BINT'],
  'ابو': ['ABU', 'ABOU'],
  'ولد': ['OULD', 'WALAD'],
  'سعيد': ['SAEED', 'SAID'],
  'صالح': ['SALEH', 'SALIH'],
  'جمال': ['JAMAL', 'GAMAL', 'DJAMEL'],
  'طارق': ['TARIQ', 'TAREK', 'TARIK'],
  'كريم': ['KARIM', 'KAREEM'],
  'فاطمه': ['FATIMA', 'FATMA', 'FATIMAH'],
  'عايشه': ['AISHA', 'AICHA', 'AYESHA'],
  'مريم': ['MARYAM', 'MARIAM'],
  'زينب': ['ZAINAB', 'ZEINAB', 'ZAYNAB'],
  'خديجه': ['KHADIJA', 'KHADIJAH'],
  'نور': ['NOUR', 'NUR', 'NOOR'],
  'ليلي': ['LAYLA', 'LEILA', 'LAILA'],
  'عيسي': ['ISSA', 'EISA', 'ISA'],
  'موسي': ['MUSA', 'MOUSSA', 'MOUSA'],
  'يحيي': ['YAHYA'],
  'داود': ['DAOUD', 'DAWOOD', 'DAWUD'],
  'سليمان': ['SULEIMAN', 'SULAYMAN', 'SOLIMAN'],
  'اسامه': ['OSAMA', 'USAMA'],
  'جعفر': ['JAAFAR', 'JAFAR'],
  'حمزه': ['HAMZA', 'HAMZAH'],
  'سيد': ['SAYED', 'SAYYID'],
  'حاجي': ['HAJI'],
  'رحمن': ['RAHMAN'],
  'رحيم': ['RAHIM'],
};

/** Conventional letter values. Vowel letters are resolved by position in `conventional`. */
const CONVENTIONAL: Record<string, string> = {
  'ء': '', 'آ': 'A', 'أ': 'A', 'إ': 'I', 'ٱ': 'A', 'ؤ': 'U', 'ئ': 'I', 'ا': 'A', 'ب': 'B', 'ة': 'A',
  'ت': 'T', 'ث': 'TH', 'ج': 'J', 'ح': 'H', 'خ': 'KH', 'د': 'D', 'ذ': 'DH', 'ر': 'R', 'ز': 'Z',
  'س': 'S', 'ش': 'SH', 'ص': 'S', 'ض': 'D', 'ط': 'T', 'ظ': 'Z', 'ع': '', 'غ': 'GH', 'ف': 'F',
  'ق': 'Q', 'ك': 'K', 'ل': 'L', 'م': 'M', 'ن': 'N', 'ه': 'H', 'و': 'W', 'ى': 'A', 'ي': 'Y',
  'پ': 'P', 'چ': 'CH', 'ژ': 'ZH', 'گ': 'G', 'ڤ': 'V', 'ٹ': 'T', 'ڈ': 'D', 'ڑ': 'R', 'ں': 'N',
  'ټ': 'T', 'ډ': 'D', 'ړ': 'R', 'ږ': 'ZH', 'ښ': 'SH', 'ځ': 'DZ', 'څ': 'TS', 'ګ': 'G', 'ڼ': 'N',
};

/** ICAO 9303-3 table C letters with the X escape dropped (e.g. XTH → TH, XH → H). */
const ICAO_TABLE_C: Record<string, string> = {
  'ء': 'E', 'آ': 'AA', 'أ': 'AE', 'إ': 'I', 'ٱ': 'A', 'ؤ': 'U', 'ئ': 'I', 'ا': 'A', 'ب': 'B', 'ة': 'TA',
  'ت': 'T', 'ث': 'TH', 'ج': 'J', 'ح': 'H', 'خ': 'KH', 'د': 'D', 'ذ': 'DH', 'ر': 'R', 'ز': 'Z',
  'س': 'S', 'ش': 'SH', 'ص': 'SS', 'ض': 'DZ', 'ط': 'TT', 'ظ': 'ZZ', 'ع': 'E', 'غ': 'G', 'ف': 'F',
  'ق': 'Q', 'ك': 'K', 'ل': 'L', 'م': 'M', 'ن': 'N', 'ه': 'H', 'و': 'W', 'ى': 'AY', 'ي': 'Y',
  'پ': 'P', 'چ': 'C', 'ژ': 'J', 'گ': 'GG', 'ڤ': 'V', 'ٹ': 'XT', 'ڈ': 'XD', 'ڑ': 'XR', 'ں': 'NN',
};

/** Letter by letter; و/ي are consonants word-initially, before ا, and after ا inside a word. */
/** Second readings of letters whose Latin spelling varies by region (see file comment). */
const REGIONAL: Record<string, string> = { 'ث': 'S', 'ذ': 'Z', 'ظ': 'DH', 'ض': 'DH', 'ق': 'G', 'ج': 'G', 'خ': 'H', 'غ': 'G' };

function conventional(letters: string[], french: boolean, regional = false): string {
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i] ?? '';
    const final = i === letters.length - 1;
    const consonantal = i === 0 || letters[i + 1] === 'ا' || (letters[i - 1] === 'ا' && !final);
    if (ch === 'و') out += consonantal ? 'W' : french ? 'OU' : 'U';
    else if (ch === 'ي') out += consonantal ? 'Y' : 'I';
    else if (ch === 'ة') out += final ? 'A' : 'AT';
    else if (french && ch === 'ش') out += 'CH';
    else if (french && ch === 'ج') out += 'DJ';
    else if (regional && REGIONAL[ch] !== undefined) out += REGIONAL[ch];
    else out += CONVENTIONAL[ch] ?? '';
  }
  return out;
}

function icaoTableC(letters: string[]): string {
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i] ?? '';
    // ICAO: teh marbuta is XTA, or XAH when it ends a name component.
    if (ch === 'ة') out += i === letters.length - 1 ? 'AH' : 'TA';
    else out += ICAO_TABLE_C[ch] ?? '';
  }
  return out;
}

/**
 * Split prefixes that are separate name elements: the article ال, the compound عبدال (ABDUL-),
 * and ابو (ABU). A word found whole in the lexicon is never split (الله, عبدالله).
 */
export function splitArabicWord(word: string): string[] {
  const clean = cleanArabic(word);
  const key = lexiconKey(clean);
  if (LEXICON[key] || key.length <= 3) return [clean];
  if (key.startsWith('عبدال') && key.length > 6) return [clean.slice(0, 5), ...splitArabicWord(clean.slice(5))];
  // The article is split once: الالفي is AL + ALFI, not AL + AL + FI.
  if (key.startsWith('ال')) return [clean.slice(0, 2), clean.slice(2)];
  if (key.startsWith('ابو') && key.length > 5) return [clean.slice(0, 3), ...splitArabicWord(clean.slice(3))];
  return [clean];
}

export const MAX_ARABIC_FORMS = 8;

/** Latin forms of one Arabic-script word (after `splitArabicWord`), best first. */
export function transliterateArabicWord(word: string): string[] {
  const clean = cleanArabic(word);
  const letters = [...clean];
  const forms: string[] = [];
  const add = (f: string) => {
    if (f && !forms.includes(f) && forms.length < MAX_ARABIC_FORMS) forms.push(f);
  };
  for (const f of LEXICON[lexiconKey(clean)] ?? []) add(f);
  add(conventional(letters, false));
  add(conventional(letters, true));
  add(icaoTableC(letters));
  add(conventional(letters, false, true));
  return forms;
}
