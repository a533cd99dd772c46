/**
 * Document numbers and issuing states as the lost/stolen documents list compares them.
 *
 * A number is normalised to the MRZ alphabet [0-9A-Z]: lower case is upper-cased; the MRZ filler
 * `<`, white space, `-`, `.` and `/` are formatting and dropped; anything else makes the number
 * invalid (a list row is then reported as bad, a query is refused) rather than silently dropped,
 * because dropping a real character could make two different documents equal.
 *
 * Compact key: a normalised number of 1–9 characters (the length of the MRZ document-number field,
 * which is what almost every list entry has) is packed into an integer below 2^47 in *bijective*
 * base 36: each character is a digit 1..36 (`0`→1 … `9`→10, `A`→11 … `Z`→36), so every string of
 * length 1–9 has exactly one value and "0123" ≠ "123" without a separate length field. 36·(36^9−1)/35
 * ≈ 1.045e14 < 2^47, so the value is an exact JavaScript number (no BigInt on the lookup path).
 * Longer numbers (10–24 characters, some national ID cards) are stored as text; see the store.
 *
 * OCR confusions: a reader or an officer can swap 0/O, 1/I, 2/Z, 5/S and 8/B. `foldOcrConfusions`
 * maps each pair to its digit, so two numbers that differ only by such swaps fold to the same
 * string; `ocrVariants` enumerates the swapped spellings of a read number, fewest swaps first,
 * bounded (64 by default), for the weaker "possible OCR confusion" match.
 *
 * Issuing states: ICAO 9303 codes of 1–3 letters (D for Germany, GBD, UNO, XXA…), padded with the
 * MRZ filler in a document (`D<<`). They pack into 15 bits as three base-27 digits, 0 standing
 * for "no letter" (27^3 = 19683 < 2^15).
 */

/** Longest number that packs into a compact key (the MRZ document-number field). */
export const MAX_COMPACT_LENGTH = 9;
/** Longest number accepted at all (9 characters in the MRZ field + overflow in the optional data). */
export const MAX_NUMBER_LENGTH = 24;
/** Default bound on OCR-confusion variants tried for one query. */
export const MAX_OCR_VARIANTS = 64;
/** Exclusive upper bound of compact values: bijective base 36, 1..9 digits. */
export const COMPACT_LIMIT = (36 * (36 ** MAX_COMPACT_LENGTH - 1)) / 35 + 1;

const STRIP = -1;
const INVALID = -2;
/** Character code (< 128) → symbol 0..35, STRIP or INVALID. */
export const SYMBOL_OF_CHAR: Int8Array = (() => {
  const t = new Int8Array(128).fill(INVALID);
  for (let c = 48; c <= 57; c++) t[c] = c - 48;
  for (let c = 65; c <= 90; c++) t[c] = c - 55;
  for (let c = 97; c <= 122; c++) t[c] = c - 87;
  for (const ch of '< \t-./') t[ch.charCodeAt(0)] = STRIP;
  return t;
})();

const SYMBOLS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The OCR-confusable pairs, letter → digit. */
export const OCR_CONFUSIONS: ReadonlyArray<readonly [letter: string, digit: string]> = [
  ['O', '0'],
  ['I', '1'],
  ['Z', '2'],
  ['S', '5'],
  ['B', '8'],
];

/** Symbol → its folded symbol (the confusable letters become their digit). */
export const FOLD: Uint8Array = (() => {
  const t = new Uint8Array(36);
  for (let s = 0; s < 36; s++) t[s] = s;
  for (const [letter, digit] of OCR_CONFUSIONS) t[SYMBOLS.indexOf(letter)] = SYMBOLS.indexOf(digit);
  return t;
})();

/** Symbol → the symbol it is confused with, or 255 when it has no partner. */
export const CONFUSED_WITH: Uint8Array = (() => {
  const t = new Uint8Array(36).fill(255);
  for (const [letter, digit] of OCR_CONFUSIONS) {
    t[SYMBOLS.indexOf(letter)] = SYMBOLS.indexOf(digit);
    t[SYMBOLS.indexOf(digit)] = SYMBOLS.indexOf(letter);
  }
  return t;
})();

/**
 * One scanned number, reused across calls so the lookup path allocates nothing.
 * `exact` and `folded` are the compact values, meaningful only when `length <= MAX_COMPACT_LENGTH`.
 */
export interface NumberScan {
  symbols: Uint8Array;
  length: number;
  exact: number;
  folded: number;
}

export function newNumberScan(): NumberScan {
  return { symbols: new Uint8Array(MAX_NUMBER_LENGTH), length: 0, exact: 0, folded: 0 };
}

/** Normalises `raw` into `out`. False when it is empty, too long or has a character outside the alphabet. */
export function scanDocumentNumber(raw: string, out: NumberScan): boolean {
  const symbols = out.symbols;
  let length = 0;
  let exact = 0;
  let folded = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    const s = c < 128 ? SYMBOL_OF_CHAR[c]! : INVALID;
    if (s === STRIP) continue;
    if (s === INVALID || length === MAX_NUMBER_LENGTH) return false;
    symbols[length++] = s;
    if (length <= MAX_COMPACT_LENGTH) {
      exact = exact * 36 + s + 1;
      folded = folded * 36 + FOLD[s]! + 1;
    }
  }
  out.length = length;
  out.exact = exact;
  out.folded = folded;
  return length > 0;
}

/** The same as `scanDocumentNumber` over bytes (a CSV field), without making a string. */
export function scanDocumentNumberBytes(buf: Uint8Array, start: number, end: number, out: NumberScan): boolean {
  const symbols = out.symbols;
  let length = 0;
  let exact = 0;
  let folded = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    const s = c < 128 ? SYMBOL_OF_CHAR[c]! : INVALID;
    if (s === STRIP) continue;
    if (s === INVALID || length === MAX_NUMBER_LENGTH) return false;
    symbols[length++] = s;
    if (length <= MAX_COMPACT_LENGTH) {
      exact = exact * 36 + s + 1;
      folded = folded * 36 + FOLD[s]! + 1;
    }
  }
  out.length = length;
  out.exact = exact;
  out.folded = folded;
  return length > 0;
}

export function scanToString(scan: NumberScan, folded = false): string {
  let s = '';
  for (let i = 0; i < scan.length; i++) s += SYMBOLS[folded ? FOLD[scan.symbols[i]!]! : scan.symbols[i]!];
  return s;
}

/** `L898902C<` → `L898902C`; null when the number is empty, longer than 24 or has other characters. */
export function normaliseDocumentNumber(raw: string): string | null {
  const scan = newNumberScan();
  return scanDocumentNumber(raw, scan) ? scanToString(scan) : null;
}

/** Maps every OCR-confusable letter of a normalised number to its digit. */
export function foldOcrConfusions(normalised: string): string {
  let s = '';
  for (let i = 0; i < normalised.length; i++) {
    const sym = SYMBOLS.indexOf(normalised[i]!);
    s += sym < 0 ? normalised[i] : SYMBOLS[FOLD[sym]!];
  }
  return s;
}

export function isCompactNumber(normalised: string): boolean {
  return normalised.length >= 1 && normalised.length <= MAX_COMPACT_LENGTH;
}

/** Compact value of a normalised number of 1–9 characters (throws otherwise). */
export function encodeCompactNumber(normalised: string): number {
  if (!isCompactNumber(normalised)) throw new RangeError(`not a compact document number: ${JSON.stringify(normalised)}`);
  let v = 0;
  for (let i = 0; i < normalised.length; i++) {
    const s = SYMBOLS.indexOf(normalised[i]!);
    if (s < 0) throw new RangeError(`not a normalised document number: ${JSON.stringify(normalised)}`);
    v = v * 36 + s + 1;
  }
  return v;
}

export function decodeCompactNumber(value: number): string {
  if (!Number.isSafeInteger(value) || value < 1 || value >= COMPACT_LIMIT) throw new RangeError(`not a compact document number value: ${value}`);
  let s = '';
  let v = value;
  while (v > 0) {
    const d = (v - 1) % 36;
    s = SYMBOLS[d]! + s;
    v = (v - 1 - d) / 36;
  }
  return s;
}

/** Σ 36^i for i < L: the smallest compact value of a number of length L. */
const LENGTH_OFFSET: readonly number[] = Array.from({ length: MAX_COMPACT_LENGTH + 2 }, (_, L) => (36 ** L - 1) / 35);
const GROUP = 36 ** 3;
/** For every 3-digit group of a plain base-36 value: how much folding its letters lowers it. */
const GROUP_FOLD_DELTA: Int32Array = (() => {
  const t = new Int32Array(GROUP);
  for (let g = 0; g < GROUP; g++) {
    let delta = 0;
    for (let j = 0, v = g, w = 1; j < 3; j++, v = Math.floor(v / 36), w *= 36) {
      const d = v % 36;
      delta += (d - FOLD[d]!) * w;
    }
    t[g] = delta;
  }
  return t;
})();

/**
 * The compact value with every OCR-confusable letter folded to its digit. Hot in list builds (once
 * per record): the value less its length offset is a plain base-36 number, folded three digits at
 * a time through a table instead of nine divisions of a 47-bit double.
 */
export function foldCompactValue(value: number): number {
  let length = MAX_COMPACT_LENGTH;
  while (length > 1 && value < LENGTH_OFFSET[length]!) length--;
  const plain = value - LENGTH_OFFSET[length]!;
  const upper = Math.floor(plain / GROUP);
  const top = Math.floor(upper / GROUP);
  const delta = GROUP_FOLD_DELTA[plain - upper * GROUP]! + GROUP_FOLD_DELTA[upper - top * GROUP]! * GROUP + GROUP_FOLD_DELTA[top]! * GROUP * GROUP;
  return value - delta;
}

const subsetCache = new Map<string, readonly number[]>();

/**
 * Subsets of `n` confusable positions as bit masks, fewest positions first (then lowest positions
 * first), without the empty set, at most `max` of them. With 9 confusable characters and the
 * default bound this is every single and double swap plus 19 of the 84 triple swaps.
 */
export function confusionSubsets(n: number, max: number = MAX_OCR_VARIANTS): readonly number[] {
  if (n > 30) n = 30;
  const cacheKey = `${n}:${max}`;
  const cached = subsetCache.get(cacheKey);
  if (cached) return cached;
  const out: number[] = [];
  const pick = (size: number, from: number, mask: number): void => {
    if (out.length >= max) return;
    if (size === 0) {
      out.push(mask);
      return;
    }
    for (let p = from; p <= n - size && out.length < max; p++) pick(size - 1, p + 1, mask | (1 << p));
  };
  for (let size = 1; size <= n && out.length < max; size++) pick(size, 0, 0);
  subsetCache.set(cacheKey, out);
  return out;
}

/**
 * Spellings of a normalised number that an OCR confusion could have produced, fewest swaps first,
 * without the number itself, at most `max`.
 */
export function ocrVariants(normalised: string, max: number = MAX_OCR_VARIANTS): string[] {
  const chars = [...normalised];
  const positions: number[] = [];
  chars.forEach((ch, i) => {
    const s = SYMBOLS.indexOf(ch);
    if (s >= 0 && CONFUSED_WITH[s] !== 255) positions.push(i);
  });
  return confusionSubsets(positions.length, max).map((mask) => {
    const v = [...chars];
    positions.forEach((p, bit) => {
      if (mask & (1 << bit)) v[p] = SYMBOLS[CONFUSED_WITH[SYMBOLS.indexOf(v[p]!)]!]!;
    });
    return v.join('');
  });
}

export function symbolChar(symbol: number): string {
  return SYMBOLS[symbol]!;
}

/** Symbol of a normalised character, −1 for anything else. */
export function symbolOf(ch: string): number {
  return SYMBOLS.indexOf(ch);
}

// ---------------------------------------------------------------------------------------------
// Issuing states

/**
 * ICAO 9303 Part 3 codes that are not ISO 3166-1 alpha-3 country codes; listed so that tests and
 * readers see what the packing must carry. Any 1–3 letter code is accepted: lists carry codes this
 * table does not know, and refusing them would hide records.
 */
export const ICAO_SPECIAL_CODES: readonly string[] = [
  'D', // Germany (not DEU)
  'GBD', 'GBN', 'GBO', 'GBP', 'GBS', // British overseas territories citizen, national (overseas), overseas citizen, protected person, subject
  'UNA', 'UNK', 'UNO', // United Nations specialised agency, Kosovo (UNMIK), United Nations Organization
  'XBA', 'XIM', 'XCC', 'XCE', 'XCO', 'XEC', 'XES', 'XMP', 'XOM', 'XPO', 'XDC', // organisations
  'XXA', 'XXB', 'XXC', 'XXX', // stateless, refugee (1951), refugee (other), unspecified nationality
  'EUE', // European Union
  'UTO', // Utopia, the ICAO specimen state
];

/**
 * Aliases a list may use for a code the MRZ writes differently. Germany is the one state whose ICAO
 * code (`D`) differs from its ISO code (`DEU`); a German passport read at the booth says `D<<`.
 */
const STATE_ALIASES: ReadonlyMap<string, string> = new Map([['DEU', 'D']]);

/** `d<<` → `D`, ` gbr ` → `GBR`, `DEU` → `D`; null when not 1–3 letters. */
export function normaliseIssuingState(raw: string): string | null {
  let code = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 60 || c === 32 || c === 9) continue; // '<' filler, white space
    const u = c >= 97 && c <= 122 ? c - 32 : c;
    if (u < 65 || u > 90 || code.length === 3) return null;
    code += String.fromCharCode(u);
  }
  if (code.length === 0) return null;
  return STATE_ALIASES.get(code) ?? code;
}

/** 15-bit packing of a normalised code: three base-27 digits, letters 1..26, 0 = absent. −1 if invalid. */
export function packIssuingState(code: string): number {
  if (code.length < 1 || code.length > 3) return -1;
  let v = 0;
  for (let i = 0; i < 3; i++) {
    let d = 0;
    if (i < code.length) {
      const c = code.charCodeAt(i);
      if (c < 65 || c > 90) return -1;
      d = c - 64;
    }
    v = v * 27 + d;
  }
  return v;
}

export function unpackIssuingState(packed: number): string {
  if (!Number.isInteger(packed) || packed < 27 * 27 || packed >= 27 ** 3) throw new RangeError(`not a packed issuing state: ${packed}`);
  let s = '';
  for (let div = 27 * 27; div >= 1; div /= 27) {
    const d = Math.floor(packed / div) % 27;
    if (d === 0) break;
    s += String.fromCharCode(64 + d);
  }
  return s;
}

/** Number of distinct 15-bit packed values (the size of a lookup table indexed by them). */
export const PACKED_STATE_LIMIT = 27 ** 3;

/**
 * Packs a raw state string straight from its characters, applying the same rules as
 * `normaliseIssuingState` + `packIssuingState` without building strings. −1 if invalid.
 */
export function packRawIssuingState(raw: string): number {
  let v = 0;
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 60 || c === 32 || c === 9) continue;
    const u = c >= 97 && c <= 122 ? c - 32 : c;
    if (u < 65 || u > 90 || n === 3) return -1;
    v = v * 27 + (u - 64);
    n++;
  }
  if (n === 0) return -1;
  for (; n < 3; n++) v *= 27;
  return v === DEU_PACKED ? D_PACKED : v;
}

/** The same over bytes (a CSV field). */
export function packRawIssuingStateBytes(buf: Uint8Array, start: number, end: number): number {
  let v = 0;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 60 || c === 32 || c === 9) continue;
    const u = c >= 97 && c <= 122 ? c - 32 : c;
    if (u < 65 || u > 90 || n === 3) return -1;
    v = v * 27 + (u - 64);
    n++;
  }
  if (n === 0) return -1;
  for (; n < 3; n++) v *= 27;
  return v === DEU_PACKED ? D_PACKED : v;
}

const DEU_PACKED = packIssuingState('DEU');
const D_PACKED = packIssuingState('D');
