/**
 * Blocking keys: a 1-million-person list cannot be scored whole for every traveller, so each
 * record is indexed under a few short keys, and a query retrieves the records sharing any key.
 *
 * Keys (prefix says the kind):
 *   P:<phonetic key>     each full name element, for each of its first Latin forms (all forms for
 *                        abjad tokens, whose vowels are guesses), and each adjacent pair joined
 *                        (ABDUL RAHMAN → key of ABDULRAHMAN) so that joined/split spellings meet;
 *                        a key shorter than two consonants is too common, so T:<form> is used.
 *   N:<group>            nickname group of a given name (nicknames.ts).
 *   PP:<k1>|<k2>         the two phonetic keys of a pair of full elements, sorted: selective keys
 *                        for the index to try first (a very common element such as MOHAMMED has a
 *                        long posting list; the pair key MMT|SN is short).
 * The index adapter decides how to use them (for example: read PP: postings first and the single
 * keys only when their posting list is shorter than a cap). Recall is measured in evaluate.ts as
 * "a true match shares at least one key".
 */
import type { NameToken, PersonQuery, PersonRecord } from './types.js';
import { nameTokens } from './normalise.js';
import { phoneticKey } from './phonetic.js';
import { nicknameGroups } from './nicknames.js';

const FORMS_PER_TOKEN = 3;

function tokenKeys(t: NameToken): string[] {
  const forms = t.abjad ? t.forms : t.forms.slice(0, FORMS_PER_TOKEN);
  const keys: string[] = [];
  for (const f of forms) {
    const k = phoneticKey(f);
    keys.push(k.length >= 2 ? `P:${k}` : `T:${f}`);
    for (const g of nicknameGroups(f)) keys.push(`N:${g}`);
  }
  return keys;
}

/** Keys of one name string (used for a record's name and each alias, and for the query). */
export function nameKeys(name: string): string[] {
  const tokens = nameTokens(name).filter((t) => t.kind === 'strong');
  const keys = new Set<string>();
  tokens.forEach((t) => tokenKeys(t).forEach((k) => keys.add(k)));
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    const joined: NameToken = { ...a, forms: [`${a.forms[0] ?? ''}${b.forms[0] ?? ''}`], abjad: false };
    tokenKeys(joined).forEach((k) => keys.add(k));
  }
  const primary = tokens.map((t) => phoneticKey(t.forms[0] ?? '')).filter((k) => k.length > 0);
  for (let i = 0; i < primary.length; i++) {
    for (let j = i + 1; j < primary.length; j++) {
      const [x, y] = [primary[i]!, primary[j]!].sort();
      keys.add(`PP:${x}|${y}`);
    }
  }
  return [...keys];
}

export function indexKeys(record: PersonRecord): string[] {
  const keys = new Set<string>();
  for (const n of [record.name, ...record.aliases]) nameKeys(n).forEach((k) => keys.add(k));
  return [...keys];
}

export function queryKeys(query: PersonQuery): string[] {
  return nameKeys(query.name);
}
