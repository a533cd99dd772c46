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

/**
 * The rules above, as the reference reading (kept for the tests): RULES tried in order at each
 * position, then SINGLE, then runs collapsed. `phoneticClasses` computes the same in one pass.
 */
export function phoneticClassesByRules(word: string, loose = false): string {
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

const A = 65;
const code = (ch: string) => ch.charCodeAt(0);
/** SINGLE by letter code − 65, as class codes. */
const SINGLE_CODE = Array.from({ length: 26 }, (_, i) => code(SINGLE[String.fromCharCode(A + i)] ?? '\0'));
const [C_, D_, E_, G_, H_, I_, J_, K_, P_, S_, T_, X_, Y_, Z_] = ['C', 'D', 'E', 'G', 'H', 'I', 'J', 'K', 'P', 'S', 'T', 'X', 'Y', 'Z'].map(code) as [number, number, number, number, number, number, number, number, number, number, number, number, number, number];
const V_ = code('V');
const F_ = code('F');
let letters = new Uint8Array(64);
const codeScratch: number[] = [];

/** The first `n` codes of `codes` as one flat string. */
function stringOf(codes: Uint8Array, n: number): string {
  codeScratch.length = n;
  for (let i = 0; i < n; i++) codeScratch[i] = codes[i]!;
  return String.fromCharCode.apply(null, codeScratch);
}
/** Output of `classify`: class codes, `classCount` of them. */
let classes = new Uint8Array(64);
let classCount = 0;

function emit(cls: number): void {
  if (classCount > 0 && classes[classCount - 1] === cls) return;
  classes[classCount++] = cls;
}

/**
 * The class sequence of `word` into `classes` (runs collapsed as they are written): at each
 * position the spelling unit of RULES that matches first (RULES grouped by their first letter, in
 * RULES order), else the letter's class.
 */
function classify(word: string, loose: boolean): void {
  const upper = word.toUpperCase();
  if (upper.length > letters.length) letters = new Uint8Array(2 * upper.length);
  if (2 * upper.length > classes.length) classes = new Uint8Array(4 * upper.length);
  let n = 0;
  for (let k = 0; k < upper.length; k++) {
    const c = upper.charCodeAt(k);
    if (c >= A && c <= 90) letters[n++] = c;
  }
  const s = letters;
  classCount = 0;
  let i = 0;
  while (i < n) {
    const c = s[i]!;
    const c1 = i + 1 < n ? s[i + 1]! : 0;
    const c2 = i + 2 < n ? s[i + 2]! : 0;
    const c3 = i + 3 < n ? s[i + 3]! : 0;
    if (c === T_) {
      if (c1 === S_ && c2 === C_ && c3 === H_) { emit(C_); i += 4; continue; } // TSCH
      if (c1 === C_ && c2 === H_) { emit(C_); i += 3; continue; } // TCH
      if (c1 === H_) { emit(T_); i += 2; continue; } // TH
    } else if (c === S_) {
      if (c1 === H_ && c2 === C_ && c3 === H_) { emit(S_); i += 4; continue; } // SHCH
      if (c1 === C_ && c2 === H_) { emit(S_); i += 3; continue; } // SCH
      if (c1 === H_ || c1 === Z_) { emit(S_); i += 2; continue; } // SH, SZ
    } else if (c === D_) {
      const j = loose ? G_ : J_;
      if (c1 === Z_ && c2 === H_) { emit(j); i += 3; continue; } // DZH
      if (c1 === S_ && c2 === C_ && c3 === H_) { emit(j); i += 4; continue; } // DSCH
      if (c1 === J_) { emit(j); i += 2; continue; } // DJ
      if (c1 === H_) { emit(T_); i += 2; continue; } // DH
      if (c1 === Z_) { emit(S_); i += 2; continue; } // DZ
    } else if (c === C_) {
      if (c1 === H_) { emit(loose ? S_ : C_); i += 2; continue; } // CH
      if (c1 === Z_) { emit(C_); i += 2; continue; } // CZ
      if (c1 === K_) { emit(K_); i += 2; continue; } // CK
      emit(c1 === E_ || c1 === I_ || c1 === Y_ ? S_ : K_);
      i++;
      continue;
    } else if (c === Z_) {
      if (c1 === H_) { emit(S_); i += 2; continue; } // ZH
    } else if (c === K_) {
      if (c1 === H_) { emit(K_); i += 2; continue; } // KH
    } else if (c === G_) {
      if (c1 === H_) { emit(G_); i += 2; continue; } // GH
    } else if (c === P_) {
      if (c1 === H_) { emit(F_); i += 2; continue; } // PH
    } else if (c === X_) {
      emit(K_);
      emit(S_);
      i++;
      continue;
    } else if (c === J_ && loose) {
      emit(G_);
      i++;
      continue;
    }
    emit(SINGLE_CODE[c - A]!);
    i++;
  }
}

/**
 * Class sequence before vowels are dropped (exported for tests and for skeleton comparison); the
 * same as phoneticClassesByRules, in one pass.
 */
export function phoneticClasses(word: string, loose = false): string {
  classify(word, loose);
  return stringOf(classes, classCount);
}

/** phoneticKey without its cache (for callers that keep their own, such as similarity.ts). */
export function phoneticKeyUncached(word: string, loose = false): string {
  classify(word, loose);
  let n = 0;
  for (let k = 0; k < classCount; k++) {
    const c = classes[k]!;
    if (c !== V_ && c !== H_) classes[n++] = c;
  }
  if (n > 0) return stringOf(classes, n);
  // All vowels (AI, OUI, YA): keep a marker so the key is never empty for a real token.
  return classCount > 0 ? 'V' : '';
}

/** The phonetic key of one Latin name token; '' for a token with no Latin letters. */
const KEY_CACHE = new Map<string, string>();

export function phoneticKey(word: string, loose = false): string {
  const cacheKey = loose ? `${word}\u0001` : word;
  const cached = KEY_CACHE.get(cacheKey);
  if (cached !== undefined) return cached;
  const key = phoneticKeyUncached(word, loose);
  if (KEY_CACHE.size > 100_000) KEY_CACHE.clear();
  KEY_CACHE.set(cacheKey, key);
  return key;
}
