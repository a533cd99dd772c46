/**
 * Armenian and Georgian → Latin.
 *
 * ICAO Doc 9303 Part 3 section 6 has no table for either script.
 * - Georgian follows the national romanisation system of 2002 (also adopted by BGN/PCGN in 2009),
 *   which Georgian passports use; an alternative reads ყ as K and ფ as F, seen in older documents.
 * - Armenian follows the BGN/PCGN (1981) table for Eastern Armenian (Ե → YE and Ո → VO at the start
 *   of a word, ՈՒ → U, և → EV); an alternative gives the diaspora/French-style spellings
 *   (-IAN for -ՅԱՆ, OU for ՈՒ, no initial H).
 */

const GEORGIAN: Record<string, string> = {
  'ა': 'A', 'ბ': 'B', 'გ': 'G', 'დ': 'D', 'ე': 'E', 'ვ': 'V', 'ზ': 'Z', 'თ': 'T', 'ი': 'I', 'კ': 'K',
  'ლ': 'L', 'მ': 'M', 'ნ': 'N', 'ო': 'O', 'პ': 'P', 'ჟ': 'ZH', 'რ': 'R', 'ს': 'S', 'ტ': 'T', 'უ': 'U',
  'ფ': 'P', 'ქ': 'K', 'ღ': 'GH', 'ყ': 'Q', 'შ': 'SH', 'ჩ': 'CH', 'ც': 'TS', 'ძ': 'DZ', 'წ': 'TS',
  'ჭ': 'CH', 'ხ': 'KH', 'ჯ': 'J', 'ჰ': 'H',
};

/** Mtavruli capitals (U+1C90…) and Asomtavruli (U+10A0…) share letter order with Mkhedruli. */
function mkhedruli(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x1c90 && cp <= 0x1cbf) return String.fromCodePoint(cp - 0x1c90 + 0x10d0);
  return ch;
}

export function transliterateGeorgianWord(word: string): string[] {
  let primary = '';
  let older = '';
  for (const raw of word) {
    const ch = mkhedruli(raw);
    primary += GEORGIAN[ch] ?? '';
    older += ch === 'ყ' ? 'K' : ch === 'ფ' ? 'F' : (GEORGIAN[ch] ?? '');
  }
  return primary === older ? [primary] : [primary, older];
}

const ARMENIAN: Record<string, string> = {
  'Ա': 'A', 'Բ': 'B', 'Գ': 'G', 'Դ': 'D', 'Ե': 'E', 'Զ': 'Z', 'Է': 'E', 'Ը': 'Y', 'Թ': 'T', 'Ժ': 'ZH',
  'Ի': 'I', 'Լ': 'L', 'Խ': 'KH', 'Ծ': 'TS', 'Կ': 'K', 'Հ': 'H', 'Ձ': 'DZ', 'Ղ': 'GH', 'Ճ': 'CH',
  'Մ': 'M', 'Յ': 'Y', 'Ն': 'N', 'Շ': 'SH', 'Ո': 'O', 'Չ': 'CH', 'Պ': 'P', 'Ջ': 'J', 'Ռ': 'R',
  'Ս': 'S', 'Վ': 'V', 'Տ': 'T', 'Ր': 'R', 'Ց': 'TS', 'Ւ': 'V', 'Փ': 'P', 'Ք': 'K', 'Օ': 'O', 'Ֆ': 'F',
};

function renderArmenian(letters: string[], diaspora: boolean): string {
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i] ?? '';
    const next = letters[i + 1];
    if (ch === 'Ո' && next === 'Ւ') {
      out += diaspora ? 'OU' : 'U';
      i++;
    } else if (ch === 'Ե' && i === 0) out += diaspora ? 'E' : 'YE';
    else if (ch === 'Ո' && i === 0) out += diaspora ? 'O' : 'VO';
    else if (ch === 'Հ' && i === 0 && diaspora) out += '';
    else if (ch === 'Յ' && diaspora && letters[i + 1] === 'Ա' && letters[i + 2] === 'Ն' && i + 3 === letters.length) out += 'I';
    else if (ch === 'Ը' && diaspora) out += 'E';
    else if (ch === 'և' || ch === 'ԵՒ') out += 'EV';
    else out += ARMENIAN[ch] ?? '';
  }
  return out;
}

export function transliterateArmenianWord(word: string): string[] {
  const letters = [...word.replace(/և/g, 'ԵՎ').toUpperCase()];
  const forms: string[] = [];
  for (const diaspora of [false, true]) {
    const f = renderArmenian(letters, diaspora);
    if (f && !forms.includes(f)) forms.push(f);
  }
  return forms;
}
