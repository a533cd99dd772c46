/**
 * Thai → Latin.
 *
 * ICAO Doc 9303 has no Thai table; Thai passports romanise names with the Royal Thai General
 * System of Transcription (RTGS, Royal Institute 1999/2000) unless the holder has an established
 * personal spelling. The letter values here are RTGS:
 *   - consonants have an initial and a final value (จ CH / T, ร R / N, บ B / P, ล L / N…);
 *   - vowels, including the preposed เ แ โ ใ ไ and the combinations (เ–ีย IA, เ–ือ UEA, –ัว UA,
 *     เ–า AO, เ–อ OE, –ำ AM…), with no length or tone distinction;
 *   - tone marks ่ ้ ๊ ๋ are dropped, and a letter under the thanthakhat ์ is silent, as are the
 *     ทร/ตร before a thanthakhat (จันทร์ CHAN), a word-final ร or ษ after a final (ชินวัตร CHINWAT)
 *     and a last letter repeating the final's value (ยงยุทธ YONGYUT);
 *   - a silent leading ห or อ before a sonorant (หญิง YING, อยู่ YU), ทร read S, ศร/สร/จร/ซร read
 *     without R, รร read A(N) (ธรรม THAM), a medial ว read UA (สวน SUAN).
 * Thai writes no vowel for many syllables, and where the unwritten vowel is (O in a closed
 * syllable, A in an open one) needs a dictionary; this module guesses from the letters that
 * follow (สมชาย SOMCHAI, สบาย SABAI, นคร NAKHON). Known limits: a consonant that is both final
 * and initial (ชินวัตร is RTGS CHINNAWAT, here CHINWAT), Pali/Sanskrit spellings with unwritten
 * vowels (สุรยุทธ์ RTGS SURAYUT, here SUNYUT; ติณสูลานนท์ RTGS TINSULANON, here TINSULAN) and
 * irregular words are read letter by letter; hyphens between syllables (CHAN-O-CHA) are never
 * written. Personal spellings on passports (SHINAWATRA, VEJJAJIVA) are not RTGS and are not
 * derived; a second form writes ว as V, the commonest of their differences (WICHAI / VICHAI).
 */

interface Consonant {
  initial: string;
  final: string;
}

/** RTGS initial / final values. */
const CONSONANTS: Record<string, Consonant> = {
  ก: { initial: 'K', final: 'K' },
  ข: { initial: 'KH', final: 'K' },
  ฃ: { initial: 'KH', final: 'K' },
  ค: { initial: 'KH', final: 'K' },
  ฅ: { initial: 'KH', final: 'K' },
  ฆ: { initial: 'KH', final: 'K' },
  ง: { initial: 'NG', final: 'NG' },
  จ: { initial: 'CH', final: 'T' },
  ฉ: { initial: 'CH', final: 'T' },
  ช: { initial: 'CH', final: 'T' },
  ซ: { initial: 'S', final: 'T' },
  ฌ: { initial: 'CH', final: 'T' },
  ญ: { initial: 'Y', final: 'N' },
  ฎ: { initial: 'D', final: 'T' },
  ฏ: { initial: 'T', final: 'T' },
  ฐ: { initial: 'TH', final: 'T' },
  ฑ: { initial: 'TH', final: 'T' },
  ฒ: { initial: 'TH', final: 'T' },
  ณ: { initial: 'N', final: 'N' },
  ด: { initial: 'D', final: 'T' },
  ต: { initial: 'T', final: 'T' },
  ถ: { initial: 'TH', final: 'T' },
  ท: { initial: 'TH', final: 'T' },
  ธ: { initial: 'TH', final: 'T' },
  น: { initial: 'N', final: 'N' },
  บ: { initial: 'B', final: 'P' },
  ป: { initial: 'P', final: 'P' },
  ผ: { initial: 'PH', final: 'P' },
  ฝ: { initial: 'F', final: 'P' },
  พ: { initial: 'PH', final: 'P' },
  ฟ: { initial: 'F', final: 'P' },
  ภ: { initial: 'PH', final: 'P' },
  ม: { initial: 'M', final: 'M' },
  ย: { initial: 'Y', final: 'I' },
  ร: { initial: 'R', final: 'N' },
  ล: { initial: 'L', final: 'N' },
  ว: { initial: 'W', final: 'O' },
  ศ: { initial: 'S', final: 'T' },
  ษ: { initial: 'S', final: 'T' },
  ส: { initial: 'S', final: 'T' },
  ห: { initial: 'H', final: '' },
  ฬ: { initial: 'L', final: 'N' },
  อ: { initial: '', final: '' },
  ฮ: { initial: 'H', final: '' },
};

const PREPOSED = new Set(['เ', 'แ', 'โ', 'ใ', 'ไ']);
/** Vowel signs written above, below or after the initial. */
const FOLLOWING = new Set(['ะ', 'ั', 'า', 'ำ', 'ิ', 'ี', 'ึ', 'ื', 'ุ', 'ู', '็', 'ๅ']);
const TONE_MARKS = /[\u0E48-\u0E4B\u0E4D\u0E4E\u0E4F\u0E5A\u0E5B\u0E46\u0E2F]/gu;
const SONORANTS = new Set(['ง', 'ญ', 'น', 'ม', 'ย', 'ร', 'ล', 'ว']);
/** True initial clusters: second letter → possible first letters (กร, กล, กว, ปร, พล…). */
const CLUSTERS: Record<string, ReadonlySet<string>> = {
  ร: new Set(['ก', 'ข', 'ค', 'ต', 'ป', 'พ', 'บ', 'ด', 'ฟ']),
  ล: new Set(['ก', 'ข', 'ค', 'ป', 'ผ', 'พ', 'บ', 'ฟ']),
  ว: new Set(['ก', 'ข', 'ค']),
};
const CLUSTER_SECOND = new Set(Object.keys(CLUSTERS));
/** ร after these is written but not read (ศรี SI, สร้อย SOI, จริง CHING, ซร). */
const SILENT_R_AFTER = new Set(['ศ', 'ส', 'จ', 'ซ']);
/**
 * Letters left silent at the end of a word after a final (บุตร, เพชร, ชินวัตร; ลักษณ์ after ณ์);
 * so is a last letter with the same final value as the final before it (ยุทธ YUT).
 */
const SILENT_LAST = new Set(['ร', 'ษ']);

function isConsonant(ch: string | undefined): ch is string {
  return ch !== undefined && ch in CONSONANTS;
}

/**
 * Can the letter at j (after a second consonant) belong to a syllable opened by the preposed
 * vowel `pre`? เกรียง: ร then ีย fits เ–ีย, so กร is a cluster; เสรี: ร then ี alone does not, so
 * ร starts the next syllable.
 */
function fitsPreposed(c: readonly string[], pre: string, j: number): boolean {
  const v = c[j];
  if (v === undefined || isConsonant(v)) return true;
  if (pre === 'เ') return v === 'า' || v === 'ิ' || v === 'ะ' || v === '็' || (v === 'ี' && c[j + 1] === 'ย') || (v === 'ื' && c[j + 1] === 'อ');
  if (pre === 'แ' || pre === 'โ') return v === 'ะ' || v === '็';
  return false;
}

/** Remove tone marks and the letters a thanthakhat ์ silences. */
function clean(word: string): string[] {
  const chars = [...word.normalize('NFC').replace(TONE_MARKS, '')];
  const out: string[] = [];
  for (const ch of chars) {
    if (ch === '\u0E4C') {
      // drop the silenced consonant with any vowel sign on it (ธิ์, ธุ์), and the ท/ต of ทร์ ตร์
      while (out.length > 0 && !isConsonant(out[out.length - 1])) out.pop();
      const silenced = out.pop();
      if (silenced === 'ร' && (out[out.length - 1] === 'ท' || out[out.length - 1] === 'ต' || out[out.length - 1] === 'ด')) out.pop();
      continue;
    }
    if (/[\u0E01-\u0E3A\u0E40-\u0E45\u0E47]/u.test(ch)) out.push(ch);
  }
  return out;
}

/**
 * RTGS reading of one Thai word, syllable by syllable: [preposed vowel] initial [cluster letter]
 * [vowel signs] [final]. `wAsV` writes ว as V (personal spellings) instead of RTGS W.
 */
export function romaniseThai(word: string, wAsV = false): string {
  const c = clean(word);
  let out = '';
  let i = 0;
  let syllablesDone = 0;
  let lastFinal = '';
  const W = wAsV ? 'V' : 'W';
  const initialOf = (ch: string) => (ch === 'ว' ? W : (CONSONANTS[ch]?.initial ?? ''));
  /** Does a consonant at j start a syllable with a written vowel (so it cannot be a final)? */
  const takesVowel = (j: number) => {
    const next = c[j + 1];
    if (next === undefined) return false;
    if (FOLLOWING.has(next)) return true;
    // clusters and silent letters carry the vowel on the second consonant
    if (CLUSTER_SECOND.has(next) && FOLLOWING.has(c[j + 2] ?? '') && (CLUSTERS[next]?.has(c[j]!) || (next === 'ร' && (SILENT_R_AFTER.has(c[j]!) || c[j] === 'ท'))))
      return true;
    // รร (ro han) is a vowel: บรรหาร BAN-HAN
    if (next === 'ร' && c[j + 2] === 'ร') return true;
    // อ as the vowel O (ทอง THONG), not as the silent initial of the next syllable (ปอา)
    if (next === 'อ' && !FOLLOWING.has(c[j + 2] ?? '')) return true;
    if ((c[j] === 'ห' || c[j] === 'อ') && SONORANTS.has(next) && FOLLOWING.has(c[j + 2] ?? '')) return true;
    return false;
  };

  while (i < c.length) {
    const start = i;
    let pre = '';
    if (PREPOSED.has(c[i]!)) pre = c[i++]!;
    if (c[i] === 'ฤ' || c[i] === 'ฦ') {
      const l = c[i] === 'ฤ' ? 'R' : 'L';
      i++;
      let final = '';
      if (c[i] === 'ๅ') {
        i++;
        out += `${l}UE`;
      } else if (isConsonant(c[i]) && !takesVowel(i)) {
        // ฤทธิ์ RIT: ฤ with a final
        final = CONSONANTS[c[i]!]?.final ?? '';
        i++;
        out += `${l}I${final}`;
      } else out += `${l}UE`;
      syllablesDone++;
      lastFinal = final;
      continue;
    }
    if (!isConsonant(c[i])) {
      // a vowel sign with no consonant to carry it: skipped
      i = Math.max(i, start + 1);
      continue;
    }
    // --- initial (with silent leading letters and clusters)
    let initial = '';
    let first = c[i]!;
    if ((first === 'ห' || first === 'อ') && SONORANTS.has(c[i + 1] ?? '') && (pre !== '' || takesVowel(i + 1) || c[i + 2] === undefined || isConsonant(c[i + 2]))) {
      if (first === 'อ' ? c[i + 1] === 'ย' : true) {
        i++;
        first = c[i]!;
      }
    }
    initial = initialOf(first);
    i++;
    const second = c[i];
    const clusterPossible =
      second !== undefined &&
      CLUSTER_SECOND.has(second) &&
      ((pre !== '' && fitsPreposed(c, pre, i + 1)) || (pre === '' && FOLLOWING.has(c[i + 1] ?? '')) || (second === 'ร' && c[i + 1] === 'ร'));
    if (clusterPossible && pre !== '' && first === 'จ' && second === 'ร') {
      // เจริญ CHAROEN: จ keeps an unwritten A, the preposed vowel belongs to ร
      out += 'CHA';
      initial = 'R';
      i++;
    } else if (clusterPossible && first === 'ท' && second === 'ร' && c[i + 1] !== 'ร') {
      initial = 'S'; // ทร read S (ทราย SAI)
      i++;
    } else if (clusterPossible && SILENT_R_AFTER.has(first) && second === 'ร' && c[i + 1] !== 'ร') {
      i++;
    } else if (clusterPossible && CLUSTERS[second]?.has(first) && c[i + 1] !== 'ร' && !(second === 'ว' && !FOLLOWING.has(c[i + 1] ?? '') && pre === '')) {
      initial += second === 'ว' ? W : (CONSONANTS[second]?.initial ?? '');
      i++;
    }

    // --- vowel
    let vowel = '';
    let closed = false;
    const at = (k: number) => c[i + k];
    if (pre === 'ใ' || pre === 'ไ') {
      vowel = 'AI';
      closed = true;
      if (at(0) === 'ย' && !takesVowel(i)) i++; // ไทย: the ย is silent
    } else if (pre === 'เ') {
      if (at(0) === 'า' && at(1) === 'ะ') {
        vowel = 'O';
        i += 2;
        closed = true;
      } else if (at(0) === 'า') {
        vowel = 'AO';
        i++;
        closed = true;
      } else if (at(0) === 'ี' && at(1) === 'ย') {
        vowel = 'IA';
        i += 2;
        if (at(0) === 'ะ') i++;
        if (at(0) === 'ว' && !takesVowel(i)) {
          vowel = 'IAO';
          i++;
          closed = true;
        }
      } else if (at(0) === 'ื' && at(1) === 'อ') {
        vowel = 'UEA';
        i += 2;
        if (at(0) === 'ะ') i++;
        if (at(0) === 'ย' && !takesVowel(i)) {
          vowel = 'UEAI';
          i++;
          closed = true;
        }
      } else if (at(0) === 'อ' && !takesVowel(i)) {
        vowel = 'OE';
        i++;
        if (at(0) === 'ะ') i++;
      } else if (at(0) === 'ิ') {
        vowel = 'OE';
        i++;
      } else if (at(0) === 'ย' && !takesVowel(i)) {
        vowel = 'OEI';
        i++;
        closed = true;
      } else {
        vowel = 'E';
        if (at(0) === 'ะ' || at(0) === '็') i++;
        if (at(0) === 'ว' && !takesVowel(i)) {
          vowel = 'EO';
          i++;
          closed = true;
        }
      }
    } else if (pre === 'แ') {
      vowel = 'AE';
      if (at(0) === 'ะ' || at(0) === '็') i++;
      if (at(0) === 'ว' && !takesVowel(i)) {
        vowel = 'AEO';
        i++;
        closed = true;
      }
    } else if (pre === 'โ') {
      vowel = 'O';
      if (at(0) === 'ะ') i++;
      if (at(0) === 'ย' && !takesVowel(i)) {
        vowel = 'OI';
        i++;
        closed = true;
      }
    } else {
      const v = at(0);
      if (v === 'ะ') {
        vowel = 'A';
        i++;
        closed = true;
      } else if (v === 'ั') {
        i++;
        if (at(0) === 'ว' && !takesVowel(i)) {
          vowel = 'UA';
          i++;
          if (at(0) === 'ะ') {
            i++;
            closed = true;
          }
        } else if (at(0) === 'ย' && !takesVowel(i)) {
          vowel = 'AI';
          i++;
          closed = true;
        } else vowel = 'A';
      } else if (v === 'า' || v === 'ๅ') {
        vowel = 'A';
        i++;
        if (at(0) === 'ย' && !takesVowel(i)) {
          vowel = 'AI';
          i++;
          closed = true;
        } else if (at(0) === 'ว' && !takesVowel(i)) {
          vowel = 'AO';
          i++;
          closed = true;
        }
      } else if (v === 'ำ') {
        vowel = 'AM';
        i++;
        closed = true;
      } else if (v === 'ิ' || v === 'ี') {
        vowel = 'I';
        i++;
        if (at(0) === 'ว' && !takesVowel(i)) {
          vowel = 'IO';
          i++;
          closed = true;
        }
      } else if (v === 'ึ' || v === 'ื') {
        vowel = 'UE';
        i++;
        if (at(0) === 'อ' && !takesVowel(i)) i++;
      } else if (v === 'ุ' || v === 'ู') {
        vowel = 'U';
        i++;
        if (at(0) === 'ย' && !takesVowel(i)) {
          vowel = 'UI';
          i++;
          closed = true;
        }
      } else if (v === 'ร' && at(1) === 'ร') {
        // รร (ro han): A, and AN when nothing follows
        i += 2;
        vowel = isConsonant(at(0)) && !takesVowel(i) ? 'A' : 'AN';
        closed = vowel === 'AN';
      } else if (v === 'อ' && !takesVowel(i)) {
        vowel = 'O';
        i++;
        if (at(0) === 'ย' && !takesVowel(i)) {
          vowel = 'OI';
          i++;
          closed = true;
        }
      } else if (v === 'ว' && isConsonant(at(1)) && !takesVowel(i) && !takesVowel(i + 1)) {
        vowel = 'UA'; // medial ว: สวน SUAN
        i++;
      } else if (v === 'ว' && at(1) === undefined && initial !== '') {
        vowel = 'UA'; // ตัว without ั is not written; ชว at the end reads CHUA
        i++;
      } else {
        // no written vowel: O before a final, A in an open syllable
        const next = at(0);
        if (next === undefined) {
          if (syllablesDone > 0 && lastFinal !== '' && (SILENT_LAST.has(c[i - 1]!) || CONSONANTS[c[i - 1]!]?.final === lastFinal)) {
            // a lone word-final letter after a closed syllable is silent (ชินวัตร, ลักษณ)
            break;
          }
          vowel = 'O';
          // a single consonant word (ณ) or a final syllable: O
        } else if (isConsonant(next) && !takesVowel(i) && !PREPOSED.has(next)) {
          // next letter is a final unless two consonants follow and the second takes no vowel:
          // then this syllable is open (นคร NA-KHON)
          const after = at(1);
          if (after !== undefined && isConsonant(after) && !takesVowel(i + 1) && at(2) === undefined && syllablesDone === 0) {
            vowel = 'A';
            closed = true;
          } else vowel = 'O';
        } else {
          vowel = 'A';
          closed = true;
        }
      }
    }

    // --- final
    let final = '';
    if (!closed) {
      const f = at(0);
      if (f !== undefined && isConsonant(f) && !takesVowel(i) && !PREPOSED.has(f)) {
        // a final ร after a final is silent; ว after a vowel is O
        final = CONSONANTS[f]?.final ?? '';
        if (f === 'ว') final = 'O';
        i++;
        const g = at(0);
        // a second final letter taking no vowel at the end of the word is silent (ลักษณ, บุตร, เพชร)
        if (g !== undefined && at(1) === undefined && isConsonant(g) && (SILENT_LAST.has(g) || CONSONANTS[g]?.final === final)) i++;
      }
    }
    out += initial + vowel + final;
    syllablesDone++;
    lastFinal = final;
    if (i === start) i++;
  }
  return out;
}

export function isThai(ch: string): boolean {
  return /\p{Script=Thai}/u.test(ch);
}

export function transliterateThaiWord(word: string): string[] {
  const rtgs = romaniseThai(word);
  if (!rtgs) return [];
  const forms = [rtgs];
  const v = romaniseThai(word, true);
  if (v !== rtgs) forms.push(v);
  return forms;
}
