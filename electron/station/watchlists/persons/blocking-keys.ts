/**
 * The blocking keys of one name in the person list: names/candidate-keys.ts `nameKeys()`, plus
 * families this index adds because, at a million names, the base keys alone lose true matches that
 * the scorer would accept (measured in test/bench/watchlist-persons.bench.ts; on the synthetic
 * 100 k list the first two took the listed travellers found from 95.4 % to 97.1 % with 48 names
 * scored per check). Together they raise the keys of a name from 6 to 18.5 on average:
 *
 * 1. Joined Arabic articles. `AL-SHAMMARI` and `ALSHAMMARI` score 1.0 but share no key: the
 *    tokeniser reads AL- as a particle (not keyed) and ALSHAMMARI as one strong token (key LSMR).
 *    The keys of the name with a leading AL/EL/UL split off each long word are added. (For ALEXANDER
 *    this adds the keys of EXANDER: a few extra candidates, no lost ones: keys are only added.)
 *
 * 2. One-consonant typos in a pair. A traveller's PUTKIN against a listed PUTIN changes the phonetic
 *    key of the rare element (BTKN vs BTN), so the only key left in common is VLADIMIR's, shared by
 *    thousands (see the posting cap in person-list-store.ts). For each pair of full name elements
 *    the pair keys `PP:x|y` are also emitted with one consonant deleted from either key (keys of
 *    three consonants or more). Both sides emit them, so a deletion, an insertion, a substitution
 *    or a swap of adjacent consonants on either side leaves a pair key in common, and pair keys are
 *    selective: the typo'd person ranks first instead of among every VLADIMIR.
 *    Names of more than MAX_ELEMENTS_FOR_PAIRS full elements get the deletion keys for adjacent
 *    pairs and the (first, last) pair only, to bound the key count.
 *
 * 3. Two adjacent elements written as one (JIE JUN ZHENG ~ JIEJUN ZHENG, SI-RU ~ SIRU): the key of
 *    the joined pair paired with each other element (+0.3 point on the synthetic 300 k list).
 *
 * Tried and left out: pair keys of the loose phonetic reading (CHADI ~ SHADI). With the joined pairs
 * they added 0.1 point on the 100 k list for +30 % import time; the joined pairs alone were kept.
 *
 * KEY_SCHEME names the scheme; a list built with another one must be rebuilt (the search must
 * produce exactly the keys the build did).
 */
import { nameKeys, nameTokens, phoneticKey } from '../names/index.js';

export const KEY_SCHEME = 'names-nameKeys+joined-articles+pair-deletions+joined-pairs/3';
export const MAX_ELEMENTS_FOR_PAIRS = 4;

const JOINED_ARTICLE = /(^|[\s,;/()-])(AL|EL|UL)(?=[A-Z]{4,})/gi;

/** `ALSHAMMARI` → `AL SHAMMARI`; undefined when there is no long word starting with an article. */
export function splitJoinedArticles(name: string): string | undefined {
  JOINED_ARTICLE.lastIndex = 0;
  if (!JOINED_ARTICLE.test(name)) return undefined;
  JOINED_ARTICLE.lastIndex = 0;
  return name.replace(JOINED_ARTICLE, '$1$2 ');
}

function deletions(key: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  return [...out];
}

const pairKey = (a: string, b: string) => (a < b ? `PP:${a}|${b}` : `PP:${b}|${a}`);

function pairDeletionKeys(name: string, into: Set<string>): void {
  const strong = nameTokens(name).filter((t) => t.kind === 'strong' && phoneticKey(t.forms[0] ?? '').length > 0);
  const primary = [...new Set(strong.map((t) => phoneticKey(t.forms[0] ?? '')))];
  // Two adjacent elements written as one (JIE JUN ~ JIEJUN, SI-RU ~ SIRU), paired with each other element.
  for (let i = 0; i + 1 < strong.length; i++) {
    const joined = phoneticKey(`${strong[i]!.forms[0] ?? ''}${strong[i + 1]!.forms[0] ?? ''}`);
    for (let m = 0; m < strong.length; m++) if (m !== i && m !== i + 1) into.add(pairKey(joined, phoneticKey(strong[m]!.forms[0] ?? '')));
  }
  const n = primary.length;
  const pairs: Array<[number, number]> = [];
  if (n <= MAX_ELEMENTS_FOR_PAIRS) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  } else {
    for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1]);
    pairs.push([0, n - 1]);
  }
  for (const [i, j] of pairs) {
    const a = primary[i]!;
    const b = primary[j]!;
    if (b.length >= 3) for (const d of deletions(b)) into.add(pairKey(a, d));
    if (a.length >= 3) for (const d of deletions(a)) into.add(pairKey(d, b));
  }
}

/** Every blocking key of one name (a listed name, an alias, or the traveller's name). */
export function personNameKeys(name: string): string[] {
  const keys = new Set(nameKeys(name));
  const split = splitJoinedArticles(name);
  if (split !== undefined) for (const k of nameKeys(split)) keys.add(k);
  pairDeletionKeys(split ?? name, keys);
  return [...keys];
}

/**
 * The traveller's keys grouped by the evidence they carry, for ranking (candidate-ranking.ts): one
 * group per word of the name (its element keys), and one group for every key that spans elements
 * (pair keys, their typo variants, joined elements). A listed name is credited once per group, with
 * its best key in it: an Arabic-script element yields a key per reading, and counting each would
 * rank a name sharing one such element above one sharing two Latin ones. Every key of
 * personNameKeys(name) is in exactly one group.
 */
export interface KeyGroups {
  keys: string[];
  /** Group of each key, ascending (keys of one group are adjacent). */
  groups: number[];
}

const WORD_SPLIT = /[\s,;:/\\()[\]{}"“”«»·・.\-‐‑‒–—_]+/u;

export function queryKeyGroups(name: string): KeyGroups {
  const all = personNameKeys(name);
  const groupOf = new Map<string, number>();
  const words = name.split(WORD_SPLIT).filter((w) => w.length > 0);
  words.forEach((word, i) => {
    for (const k of personNameKeys(word)) if (!groupOf.has(k)) groupOf.set(k, i);
  });
  const spanning = words.length;
  const tagged = all.map((key) => ({ key, group: groupOf.get(key) ?? spanning }));
  tagged.sort((a, b) => a.group - b.group);
  return { keys: tagged.map((t) => t.key), groups: tagged.map((t) => t.group) };
}
