/**
 * Japanese kana (hiragana and katakana) → Latin.
 *
 * ICAO Doc 9303 has no kana table. The primary form follows the Hepburn spelling that Japanese
 * passports print (Ministry of Foreign Affairs "Hepburn-shiki" rules for passport names, a form
 * of modified Hepburn):
 *   - long vowels are not marked: おお/おう → O, うう → U (OHASHI, SATO, ITO, YUKI); えい and いい
 *     stay (KEI, NIIGATA); the katakana long-vowel mark ー is dropped;
 *   - sokuon っ/ッ doubles the next consonant (HATTORI), and is written T before CH (HOTCHI);
 *   - yōon: consonant + small ゃゅょ (KYO, SHU, CHA, JO, RYU);
 *   - を → O, ぢ → JI, づ → ZU, ゐ → I, ゑ → E;
 *   - syllabic ん is N, except before B, M and P, where the passport rules write M (NAMBA, HOMMA,
 *     SAMPEI). We follow the passport rule for the primary form because a watch-list built from
 *     travel documents will hold that spelling; the plain-N spelling of other modified-Hepburn
 *     users (NANBA, HONMA) is offered as another form. No apostrophe is written before a vowel or
 *     Y (JUNICHI), as on passports.
 * Further forms: OH for a long O (OHNO, SATOH — allowed on passports on request) and the
 * kana-by-kana spelling (OONO, SATOU) that non-passport sources use.
 * Katakana spellings of foreign names add small-vowel combinations (ファ FA, ティ TI, ウィ WI,
 * ヴァ VA, シェ SHE…) and one more form without a word-final epenthetic U/O (バラク BARAKU →
 * BARAK), since foreign names were written in katakana by adding vowels.
 * Kanji are not read here: a Japanese name written in kanji goes to the Han table, which gives
 * Chinese (Pinyin) readings, so 山田 will not meet YAMADA (see translit-han.ts).
 */

/** Hiragana letters (katakana is folded onto them) → Hepburn. */
const KANA: Record<string, string> = {
  あ: 'A', い: 'I', う: 'U', え: 'E', お: 'O',
  か: 'KA', き: 'KI', く: 'KU', け: 'KE', こ: 'KO',
  が: 'GA', ぎ: 'GI', ぐ: 'GU', げ: 'GE', ご: 'GO',
  さ: 'SA', し: 'SHI', す: 'SU', せ: 'SE', そ: 'SO',
  ざ: 'ZA', じ: 'JI', ず: 'ZU', ぜ: 'ZE', ぞ: 'ZO',
  た: 'TA', ち: 'CHI', つ: 'TSU', て: 'TE', と: 'TO',
  だ: 'DA', ぢ: 'JI', づ: 'ZU', で: 'DE', ど: 'DO',
  な: 'NA', に: 'NI', ぬ: 'NU', ね: 'NE', の: 'NO',
  は: 'HA', ひ: 'HI', ふ: 'FU', へ: 'HE', ほ: 'HO',
  ば: 'BA', び: 'BI', ぶ: 'BU', べ: 'BE', ぼ: 'BO',
  ぱ: 'PA', ぴ: 'PI', ぷ: 'PU', ぺ: 'PE', ぽ: 'PO',
  ま: 'MA', み: 'MI', む: 'MU', め: 'ME', も: 'MO',
  や: 'YA', ゆ: 'YU', よ: 'YO',
  ら: 'RA', り: 'RI', る: 'RU', れ: 'RE', ろ: 'RO',
  わ: 'WA', ゐ: 'I', ゑ: 'E', を: 'O',
  ゔ: 'VU',
  // small kana standing alone (after a vowel, or at the start of a word)
  ぁ: 'A', ぃ: 'I', ぅ: 'U', ぇ: 'E', ぉ: 'O', ゃ: 'YA', ゅ: 'YU', ょ: 'YO', ゎ: 'WA', ゕ: 'KA', ゖ: 'KE',
};

/** Katakana without a hiragana counterpart one block below. */
const KATAKANA_EXTRA: Record<string, string> = { ヷ: 'VA', ヸ: 'VI', ヹ: 'VE', ヺ: 'VO' };

const SMALL_Y: Record<string, string> = { ゃ: 'A', ゅ: 'U', ょ: 'O' };
const SMALL_VOWEL: Record<string, string> = { ぁ: 'A', ぃ: 'I', ぅ: 'U', ぇ: 'E', ぉ: 'O', ゎ: 'A' };
const SOKUON = new Set(['っ', 'ッ']);
const N = new Set(['ん', 'ン']);
const LONG_MARK = new Set(['ー', '〜', '～']);

const KATAKANA_START = 0x30a1;
const KATAKANA_END = 0x30f6;
const TO_HIRAGANA = 0x60;

export function isKana(ch: string): boolean {
  return /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(ch);
}

/** Katakana → hiragana (same syllables, 0x60 apart), other characters unchanged. */
function foldKatakana(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= KATAKANA_START && cp <= KATAKANA_END) return String.fromCodePoint(cp - TO_HIRAGANA);
  return ch;
}

type Syllable = { text: string; sokuon: boolean } | { n: true };

/** Kana → syllables in Hepburn (sokuon and ん kept as markers for the spelling pass). */
function syllables(word: string): Syllable[] {
  const out: Syllable[] = [];
  let pendingSokuon = false;
  let prevRaw = '';
  for (const raw of word.normalize('NFKC')) {
    if (SOKUON.has(raw)) {
      pendingSokuon = true;
      continue;
    }
    if (N.has(raw)) {
      out.push({ n: true });
      pendingSokuon = false;
      prevRaw = raw;
      continue;
    }
    if (LONG_MARK.has(raw)) continue; // passports drop the long-vowel mark
    if (raw === 'ゝ' || raw === 'ヽ' || raw === 'ゞ' || raw === 'ヾ') {
      // iteration marks: repeat the previous kana (voiced for ゞ/ヾ)
      const prev = foldKatakana(prevRaw);
      const again = raw === 'ゞ' || raw === 'ヾ' ? (prev.normalize('NFD') + '\u3099').normalize('NFC') : prev;
      const t = KANA[again] ?? KANA[prev];
      if (t) out.push({ text: t, sokuon: false });
      continue;
    }
    const ch = foldKatakana(raw);
    const prevSyll = out[out.length - 1];
    const last = prevSyll && 'text' in prevSyll ? prevSyll : undefined;
    const lastText = last?.text;
    // yōon: KI + ゃ → KYA, SHI + ゃ → SHA; also テュ TYU, フュ FYU in katakana loanwords
    if (SMALL_Y[ch] && lastText && lastText.length > 1) {
      const base = lastText.slice(0, -1);
      last.text = /(SH|CH|J)$/.test(base) ? base + SMALL_Y[ch] : `${base}Y${SMALL_Y[ch]}`;
      prevRaw = raw;
      continue;
    }
    // katakana small vowels: ファ FA, ティ TI, トゥ TU, ウィ WI, イェ YE, シェ SHE, クァ KWA
    if (SMALL_VOWEL[ch] && lastText) {
      const v = SMALL_VOWEL[ch];
      let t: string;
      if (lastText === 'U') t = `W${v}`;
      else if (lastText === 'I') t = `Y${v}`;
      else if (lastText === 'KU' || lastText === 'GU') t = `${lastText[0]}W${v}`;
      else if (lastText.length > 1) t = lastText.slice(0, -1) + v;
      else t = lastText + v;
      last.text = t;
      prevRaw = raw;
      continue;
    }
    const t = KANA[ch] ?? KATAKANA_EXTRA[raw];
    if (!t) continue; // not kana (a kanji inside a kana word, punctuation): skipped
    out.push({ text: t, sokuon: pendingSokuon });
    pendingSokuon = false;
    prevRaw = raw;
  }
  return out;
}

/** Join syllables; `nBeforeLabial` is how ん is written before B, M, P. */
function spell(sylls: readonly Syllable[], nBeforeLabial: 'M' | 'N'): string {
  let out = '';
  sylls.forEach((s, i) => {
    if ('n' in s) {
      const next = sylls[i + 1];
      const nextText = next && 'text' in next ? next.text : '';
      out += /^[BMP]/.test(nextText) ? nBeforeLabial : 'N';
      return;
    }
    let t = s.text;
    if (s.sokuon) {
      if (t.startsWith('CH')) t = `T${t}`;
      else if (/^[B-DF-HJ-NP-TV-Z]/.test(t)) t = t[0] + t;
    }
    out += t;
  });
  return out;
}

/** Passport Hepburn: long vowels unmarked (OO, OU → O; UU → U). */
function passportLongVowels(s: string): string {
  return s.replace(/O[OU]/g, 'O').replace(/UU/g, 'U');
}

export function transliterateKanaWord(word: string): string[] {
  const sylls = syllables(word);
  if (sylls.length === 0) return [];
  const literal = spell(sylls, 'M');
  const passport = passportLongVowels(literal);
  const forms = [passport];
  const add = (f: string) => {
    if (f && !forms.includes(f)) forms.push(f);
  };
  add(passportLongVowels(spell(sylls, 'N')));
  add(literal.replace(/O[OU]/g, 'OH').replace(/UU/g, 'U'));
  add(literal);
  if ([...word].some((ch) => /\p{Script=Katakana}/u.test(ch))) {
    // foreign name in katakana: the vowel added after a final consonant (BARAKU → BARAK, RUTO → RUT)
    const bare = passport.replace(/([BDFGKMNPRSTZ])(U|O)$/, (m, c: string, v: string) => (v === 'O' && !/[TD]/.test(c) ? m : c));
    if (bare.length >= 2) add(bare);
  }
  return forms;
}
