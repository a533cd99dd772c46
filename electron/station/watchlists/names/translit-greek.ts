/**
 * Greek → Latin.
 *
 * ICAO Doc 9303 Part 3 section 6 has no Greek table; Greek passports transliterate names with
 * ELOT 743 (the Greek standard, equal to ISO 843 type 2 "transcription"), which is the primary form
 * here. Two other forms cover spellings common in older documents and in watch-lists: a "spoken"
 * one (Η, Υ, ΕΙ, ΟΙ all I; ΑΙ E; Χ H; ΜΠ B) and a "classical" one (Β B, Η E, Χ KH).
 */

interface GreekLetter {
  base: string;
  /** Written with dialytika (Ϊ, Ϋ): never part of a digraph. */
  separate: boolean;
}

function letters(word: string): GreekLetter[] {
  const out: GreekLetter[] = [];
  for (const ch of word.normalize('NFD').toUpperCase()) {
    if (ch === '\u0308') {
      const last = out[out.length - 1];
      if (last) last.separate = true;
      continue;
    }
    if (/\p{M}/u.test(ch)) continue;
    out.push({ base: ch === 'Σ' || ch === 'ς' ? 'Σ' : ch, separate: false });
  }
  return out;
}

const SINGLE: Record<string, string> = {
  Α: 'A', Β: 'V', Γ: 'G', Δ: 'D', Ε: 'E', Ζ: 'Z', Η: 'I', Θ: 'TH', Ι: 'I', Κ: 'K', Λ: 'L', Μ: 'M',
  Ν: 'N', Ξ: 'X', Ο: 'O', Π: 'P', Ρ: 'R', Σ: 'S', Τ: 'T', Υ: 'Y', Φ: 'F', Χ: 'CH', Ψ: 'PS', Ω: 'O',
};

const VOICELESS = new Set(['Θ', 'Κ', 'Ξ', 'Π', 'Σ', 'Τ', 'Φ', 'Χ', 'Ψ']);

type Style = 'elot' | 'spoken' | 'classical';

function render(ls: GreekLetter[], style: Style): string {
  let out = '';
  for (let i = 0; i < ls.length; i++) {
    const a = ls[i]!.base;
    const bLetter = ls[i + 1];
    const b = bLetter && !bLetter.separate ? bLetter.base : '';
    const pair = a + b;
    const after = ls[i + 2]?.base;
    const initial = i === 0;
    // Vowel digraphs.
    if (pair === 'ΟΥ') { out += 'OU'; i++; continue; }
    if (pair === 'ΑΙ') { out += style === 'spoken' ? 'E' : 'AI'; i++; continue; }
    if (pair === 'ΕΙ' || pair === 'ΟΙ') { out += style === 'spoken' ? 'I' : pair === 'ΕΙ' ? 'EI' : 'OI'; i++; continue; }
    if (pair === 'ΑΥ' || pair === 'ΕΥ' || pair === 'ΗΥ') {
      const first = style === 'classical' && a === 'Η' ? 'E' : SINGLE[a]!;
      const voiceless = after === undefined || VOICELESS.has(after);
      out += first + (voiceless ? 'F' : 'V');
      i++;
      continue;
    }
    // Consonant digraphs (ELOT 743: B, D, G word-initially, MP, NT, NG inside a word).
    // The classical form keeps the letters (NTOKOS), as some documents do.
    if (pair === 'ΜΠ') { out += (initial && style !== 'classical') || style === 'spoken' ? 'B' : 'MP'; i++; continue; }
    if (pair === 'ΝΤ') { out += initial && style !== 'classical' ? 'D' : 'NT'; i++; continue; }
    if (pair === 'ΓΚ') { out += initial ? 'G' : 'NG'; i++; continue; }
    if (pair === 'ΓΓ') { out += 'NG'; i++; continue; }
    if (pair === 'ΓΞ') { out += 'NX'; i++; continue; }
    if (pair === 'ΓΧ') { out += style === 'elot' ? 'NCH' : 'NKH'; i++; continue; }
    if (a === 'Χ') { out += style === 'spoken' ? 'H' : style === 'classical' ? 'KH' : 'CH'; continue; }
    if (a === 'Η' && style === 'classical') { out += 'E'; continue; }
    if (a === 'Β' && style === 'classical') { out += 'B'; continue; }
    if (a === 'Υ') { out += style === 'spoken' ? 'I' : 'Y'; continue; }
    out += SINGLE[a] ?? '';
  }
  return out;
}

export function transliterateGreekWord(word: string): string[] {
  const ls = letters(word);
  const forms: string[] = [];
  for (const style of ['elot', 'spoken', 'classical'] as const) {
    const f = render(ls, style);
    if (f && !forms.includes(f)) forms.push(f);
  }
  return forms;
}
