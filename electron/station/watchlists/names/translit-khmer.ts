/**
 * Khmer → Latin.
 *
 * ICAO Doc 9303 has no Khmer table. The letter values follow the UNGEGN romanisation of Khmer
 * (the 1972 Cambodian geographic system adopted by the UN, close to ALA-LC) with its diacritics
 * dropped (â → A, ô → O, ĕ → E, ŭ → U, œ → OE, é/ê → E), which is how Khmer names usually appear in
 * Latin letters on documents (ហ៊ុន សែន HUN SEN, ប៉ុល ពត POL POT):
 *   - consonants belong to the first (a-) or second (o-) series, and a vowel sign reads
 *     differently after each (ា A / EA, ី EI / I, ុ O / U, ោ AO / O, ៃ AI / EY…); the
 *     series-shift signs ៉ (to the first, ប៉ P) and ៊ (to the second) are honoured, and a
 *     subscript (coeng ្) non-sonorant consonant sets the series of its cluster (ស្ពាន SPEAN);
 *   - the unwritten vowel is A after a first-series consonant and O after a second-series one;
 *   - finals lose their aspiration (ខ K, ថ T, ផ P) and ប is P; a letter under the
 *     toandakhiat ៍ is silent, as are ់ ៌ ៎ ៏ and ៗ.
 * Syllables are split by a rule of thumb (a consonant carrying a subscript after a vowel, or after
 * a bare consonant inside a word, closes the syllable before it: កម្ពុជា KAMPUCHEA). Known limits:
 * the vowel length distinctions, the many irregular spellings of Pali/Sanskrit words, and the
 * French-era conventional spellings of names (SIHANOUK for សីហនុ, here SEIHANU; NORODOM, here
 * NOROTTAM) are not reproduced; a second form gives OU for ូ and U for a final វ, the commonest
 * of those conventions (KHIEU, here KHIEV / KHIEU).
 */

interface KhmerConsonant {
  letter: string;
  series: 1 | 2;
  final: string;
}

const CONSONANTS: Record<string, KhmerConsonant> = {
  ក: { letter: 'K', series: 1, final: 'K' },
  ខ: { letter: 'KH', series: 1, final: 'K' },
  គ: { letter: 'K', series: 2, final: 'K' },
  ឃ: { letter: 'KH', series: 2, final: 'K' },
  ង: { letter: 'NG', series: 2, final: 'NG' },
  ច: { letter: 'CH', series: 1, final: 'CH' },
  ឆ: { letter: 'CHH', series: 1, final: 'CH' },
  ជ: { letter: 'CH', series: 2, final: 'CH' },
  ឈ: { letter: 'CHH', series: 2, final: 'CH' },
  ញ: { letter: 'NH', series: 2, final: 'NH' },
  ដ: { letter: 'D', series: 1, final: 'T' },
  ឋ: { letter: 'TH', series: 1, final: 'T' },
  ឌ: { letter: 'D', series: 2, final: 'T' },
  ឍ: { letter: 'TH', series: 2, final: 'T' },
  ណ: { letter: 'N', series: 1, final: 'N' },
  ត: { letter: 'T', series: 1, final: 'T' },
  ថ: { letter: 'TH', series: 1, final: 'T' },
  ទ: { letter: 'T', series: 2, final: 'T' },
  ធ: { letter: 'TH', series: 2, final: 'T' },
  ន: { letter: 'N', series: 2, final: 'N' },
  ប: { letter: 'B', series: 1, final: 'P' },
  ផ: { letter: 'PH', series: 1, final: 'P' },
  ព: { letter: 'P', series: 2, final: 'P' },
  ភ: { letter: 'PH', series: 2, final: 'P' },
  ម: { letter: 'M', series: 2, final: 'M' },
  យ: { letter: 'Y', series: 2, final: 'Y' },
  រ: { letter: 'R', series: 2, final: 'R' },
  ល: { letter: 'L', series: 2, final: 'L' },
  វ: { letter: 'V', series: 2, final: 'V' },
  ឝ: { letter: 'SH', series: 1, final: 'S' },
  ឞ: { letter: 'SS', series: 1, final: 'S' },
  ស: { letter: 'S', series: 1, final: 'S' },
  ហ: { letter: 'H', series: 1, final: 'H' },
  ឡ: { letter: 'L', series: 1, final: 'L' },
  អ: { letter: '', series: 1, final: '' },
};

/** Independent vowels (they are whole syllables). */
const INDEPENDENT: Record<string, string> = {
  ឣ: 'A', ឤ: 'A', ឥ: 'E', ឦ: 'EI', ឧ: 'O', ឨ: 'OU', ឩ: 'OU', ឪ: 'OV', ឫ: 'RUE', ឬ: 'RUE', ឭ: 'LUE', ឮ: 'LUE',
  ឯ: 'AE', ឰ: 'AI', ឱ: 'AO', ឲ: 'AO', ឳ: 'AU',
};

/** Dependent vowel signs (and their common two-sign combinations): [first series, second series]. */
const VOWELS: Record<string, readonly [string, string]> = {
  'ា': ['A', 'EA'],
  'ិ': ['E', 'I'],
  'ី': ['EI', 'I'],
  'ឹ': ['OE', 'EU'],
  'ឺ': ['OEU', 'EU'],
  'ុ': ['O', 'U'],
  'ូ': ['O', 'U'],
  'ួ': ['UO', 'UO'],
  'ើ': ['AEU', 'EU'],
  'ឿ': ['OEA', 'OEA'],
  'ៀ': ['IE', 'IE'],
  'េ': ['E', 'E'],
  'ែ': ['E', 'E'],
  'ៃ': ['AI', 'EY'],
  'ោ': ['AO', 'O'],
  'ៅ': ['AV', 'OV'],
  '\u17C6': ['AM', 'UM'], // ំ nikahit on the unwritten vowel
  'ុំ': ['OM', 'UM'],
  'ាំ': ['AM', 'OAM'],
  'ាំង': ['ANG', 'EANG'],
  '\u17C8': ['A', 'EA'], // ៈ yuukaleapintu: short A
  '\u17D0': ['A', 'OA'], // ័ samyok sannya
};

const COENG = '\u17D2';
const SHIFT_TO_FIRST = '\u17C9'; // ៉ musĕkâtônd
const SHIFT_TO_SECOND = '\u17CA'; // ៊ treisăp
const REAHMUK = '\u17C7'; // ះ final H
const TOANDAKHIAT = '\u17CD'; // ៍ silences the letter it sits on
const IGNORED = /[\u17CB\u17CC\u17CE\u17CF\u17D1\u17D3\u17D4-\u17DC\u17DD\u17E0-\u17E9\u200B\u200C\u200D]/gu;
const SONORANTS = new Set(['ង', 'ញ', 'ណ', 'ន', 'ម', 'យ', 'រ', 'ល', 'វ']);

function isConsonant(ch: string | undefined): ch is string {
  return ch !== undefined && ch in CONSONANTS;
}

function isVowelSign(ch: string | undefined): boolean {
  return ch !== undefined && /[\u17B6-\u17C8\u17D0]/u.test(ch);
}

/** Remove silent letters (toandakhiat) and signs without a sound value. */
function clean(word: string): string[] {
  const out: string[] = [];
  for (const ch of word.normalize('NFC')) {
    if (ch === TOANDAKHIAT) {
      while (out.length > 0 && !isConsonant(out[out.length - 1])) out.pop();
      out.pop();
      if (out[out.length - 1] === COENG) out.pop();
      continue;
    }
    if (/\p{Script=Khmer}/u.test(ch) && !IGNORED.test(ch)) out.push(ch);
    IGNORED.lastIndex = 0;
  }
  return out;
}

/** Is the consonant at j followed by what makes it an initial (a vowel sign, shifter or subscript)? */
function startsSyllable(c: readonly string[], j: number): boolean {
  const n = c[j + 1];
  return n === COENG || n === SHIFT_TO_FIRST || n === SHIFT_TO_SECOND || n === REAHMUK || isVowelSign(n);
}

/** `conventional`: OU for ូ, U for a final វ (French-era spellings). */
export function romaniseKhmer(word: string, conventional = false): string {
  const c = clean(word);
  let out = '';
  let i = 0;
  while (i < c.length) {
    const ch = c[i]!;
    if (INDEPENDENT[ch] !== undefined) {
      out += INDEPENDENT[ch];
      i++;
      // an independent vowel may take a final (ឥន្ទ)
      if (isConsonant(c[i]) && (!startsSyllable(c, i) || c[i + 1] === COENG)) {
        out += CONSONANTS[c[i]!]!.final;
        i += c[i + 1] === COENG ? 2 : 1;
      }
      continue;
    }
    if (!isConsonant(ch)) {
      i++;
      continue;
    }
    // --- initial: consonant, subscripts and series shifters (in either order)
    let initial = CONSONANTS[ch]!.letter;
    let series = CONSONANTS[ch]!.series;
    i++;
    for (;;) {
      if (c[i] === COENG && isConsonant(c[i + 1])) {
        initial += CONSONANTS[c[i + 1]!]!.letter;
        if (!SONORANTS.has(c[i + 1]!)) series = CONSONANTS[c[i + 1]!]!.series;
        i += 2;
      } else if (c[i] === SHIFT_TO_FIRST) {
        series = 1;
        if (ch === 'ប') initial = `P${initial.slice(1)}`; // ប៉ PA
        i++;
      } else if (c[i] === SHIFT_TO_SECOND) {
        series = 2;
        i++;
      } else break;
    }
    // --- vowel (longest combination first); none written: A after the first series, O after the second
    let vowel = '';
    let written = false;
    for (const len of [3, 2, 1]) {
      const key = c.slice(i, i + len).join('');
      const v = VOWELS[key];
      if (v) {
        vowel = series === 1 ? v[0] : v[1];
        if (conventional && key === 'ូ') vowel = 'OU';
        i += len;
        written = true;
        break;
      }
    }
    if (!written) vowel = c[i] === REAHMUK ? (series === 1 ? 'A' : 'EA') : series === 1 ? 'A' : 'O';
    // --- final: a consonant that does not start a syllable of its own. One carrying a subscript
    // closes this syllable, and its subscript starts the next (កម្ពុជា KAM-PU-CHEA, នរោត្តម).
    let final = '';
    const closedVowel = written && /M$|NG$/.test(vowel);
    if (c[i] === REAHMUK) {
      final = 'H';
      i++;
    } else if (!closedVowel && isConsonant(c[i]) && (!startsSyllable(c, i) || c[i + 1] === COENG)) {
      const f = c[i]!;
      const next = c[i + 1];
      // Not a final: before a syllable with a vowel (សីហនុ SEI-HA-NU), or as the first of the last
      // two bare letters after a written vowel (ពិភព PI-PHOP).
      const opensNext = isConsonant(next) && startsSyllable(c, i + 1);
      const lastTwo = written && isConsonant(next) && c[i + 2] === undefined;
      if (next === COENG || (!opensNext && !lastTwo)) {
        final = conventional && f === 'វ' ? 'U' : CONSONANTS[f]!.final;
        i++;
        if (c[i] === COENG) i++; // the subscript is read as the next initial
      }
    }
    out += initial + vowel + final;
  }
  return out;
}

export function isKhmer(ch: string): boolean {
  return /\p{Script=Khmer}/u.test(ch);
}

export function transliterateKhmerWord(word: string): string[] {
  const primary = romaniseKhmer(word);
  if (!primary) return [];
  const forms = [primary];
  const conv = romaniseKhmer(word, true);
  if (conv !== primary) forms.push(conv);
  return forms;
}
