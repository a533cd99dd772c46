/**
 * A consonant-skeleton phonetic key for names that reached Latin through different
 * transliteration traditions (English, French, German, ICAO, Slavic Latin alphabets).
 *
 * Design (written for this project, not a port of Soundex/Metaphone):
 * 1. Spelling units that stand for one sound in some tradition become one class:
 *    SCH/SH/SZ/ZH/S/Z → S, CH/TCH/TSCH/CZ → C, DJ/DZH/J → J, KH/K/Q/CK/C(hard) → K, GH/G → G,
 *    PH/F/V/W → F, TH/DH/T/D → T, DZ → S, B/P → B, X → KS. TS stays T+S: in Arabic-derived
 *    spellings it is two letters (INTISSAR), and Ц is written TS, TZ, Z or C anyway.
 *    Some letters are read two ways by whole traditions: CH is Ч in English but Ш in French, and
 *    Arabic ج is J, DJ or (Egyptian) G. The `loose` key reads CH as SH and J as G, for a second
 *    comparison in similarity.ts.
 * 2. Runs of the same class collapse (MM, SS, TT: doubling is spelling, not sound).
 * 3. Vowels (A E I O U Y) and H are then dropped: vowels are what transliterations disagree on most,
 *    and abjad scripts do not write them at all, so MOHAMMED, MUHAMAD, MOHAMED, MEHMET and the ICAO
 *    skeleton MHMD all give "MMT". Collapsing happens before vowels are dropped, so MATT ("MT") and
 *    MOHAMMED ("MMT") stay apart.
 * The key is deliberately coarse: it is used for candidate retrieval and as one piece of evidence
 * among several in token similarity, never as a match on its own.
 */

const RULES: ReadonlyArray<readonly [string, string]> = [
  ['TSCH', 'C'],
  ['SHCH', 'S'],
  ['DZH', 'J'],
  ['DSCH', 'J'],
  ['SCH', 'S'],
  ['TCH', 'C'],
  ['CH', 'C'],
  ['CZ', 'C'],
  ['DJ', 'J'],
  ['SH', 'S'],
  ['SZ', 'S'],
  ['ZH', 'S'],
  ['KH', 'K'],
  ['GH', 'G'],
  ['PH', 'F'],
  ['TH', 'T'],
  ['DH', 'T'],
  ['DZ', 'S'],
  ['CK', 'K'],
];

const SINGLE: Record<string, string> = {
  A: 'V', E: 'V', I: 'V', O: 'V', U: 'V', Y: 'V',
  H: 'H',
  B: 'B', P: 'B',
  F: 'F', V: 'F', W: 'F',
  D: 'T', T: 'T',
  G: 'G', J: 'J',
  K: 'K', Q: 'K',
  S: 'S', Z: 'S',
  L: 'L', M: 'M', N: 'N', R: 'R',
};

/** Class sequence before vowels are dropped (exported for tests and for skeleton comparison). */
export function phoneticClasses(word: string, loose = false): string {
  const s = word.toUpperCase().replace(/[^A-Z]/g, '');
  let out = '';
  let i = 0;
  while (i < s.length) {
    let matched = false;
    for (const [pattern, cls] of RULES) {
      if (s.startsWith(pattern, i)) {
        out += loose && pattern === 'CH' ? 'S' : loose && cls === 'J' ? 'G' : cls;
        i += pattern.length;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const ch = s[i] ?? '';
    if (ch === 'X') out += 'KS';
    else if (loose && ch === 'J') out += 'G';
    else if (ch === 'C') out += /[EIY]/.test(s[i + 1] ?? '') ? 'S' : 'K';
    else out += SINGLE[ch] ?? '';
    i++;
  }
  // Collapse runs of one class, vowels included (AA, EE and OU are one vowel sound).
  return out.replace(/(.)\1+/g, '$1');
}

/** The phonetic key of one Latin name token; '' for a token with no Latin letters. */
const KEY_CACHE = new Map<string, string>();

export function phoneticKey(word: string, loose = false): string {
  const cacheKey = loose ? `${word}\u0001` : word;
  const cached = KEY_CACHE.get(cacheKey);
  if (cached !== undefined) return cached;
  const key = computeKey(word, loose);
  if (KEY_CACHE.size > 100_000) KEY_CACHE.clear();
  KEY_CACHE.set(cacheKey, key);
  return key;
}

function computeKey(word: string, loose: boolean): string {
  const classes = phoneticClasses(word, loose);
  const key = classes.replace(/[VH]/g, '');
  if (key) return key;
  // All vowels (AI, OUI, YA): keep a marker so the key is never empty for a real token.
  return classes ? 'V' : '';
}
