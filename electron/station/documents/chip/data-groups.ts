/**
 * Readers for the LDS elementary files of an eMRTD (ICAO 9303-10 §4.6–4.7): EF.COM, DG1 (MRZ),
 * DG11 (additional personal details), DG12 (additional document details), DG14 (security infos) and
 * DG15 (Active Authentication public key). DG2 (the face) is in dg2-image.ts.
 *
 * Each reader takes the file exactly as read from the chip (outer tag included), refuses trailing bytes,
 * and throws only `DataGroupError`. Free-text fields of DG11/DG12 are UTF-8 (9303-10 §4.7); bytes that
 * are not valid UTF-8 are read as Latin-1 and say so in `warnings`, because older chips wrote Latin-1.
 */
import { ChipDataError } from './errors.js';
import { SequenceReader, TAG, parseDer, readBitString } from './der.js';
import { readAlgorithmIdentifier } from './algorithms.js';
import { importPublicKey, type ImportedPublicKey } from './public-key.js';
import { OID, oidName } from './oid.js';
import { DataGroupError, readingDataGroup } from './data-groups-error.js';
import { parseSecurityInfos, type SecurityInfo } from './chip-auth-info.js';
import type { TlvNode } from '../../../../native-drivers/epassport/index.js';

/** LDS tags of EF.COM, the data groups and EF.SOD (9303-10 Table 34). */
export const LDS_TAG = {
  COM: 0x60,
  DG1: 0x61,
  DG2: 0x75,
  DG3: 0x63,
  DG4: 0x76,
  DG5: 0x65,
  DG6: 0x66,
  DG7: 0x67,
  DG8: 0x68,
  DG9: 0x69,
  DG10: 0x6a,
  DG11: 0x6b,
  DG12: 0x6c,
  DG13: 0x6d,
  DG14: 0x6e,
  DG15: 0x6f,
  DG16: 0x70,
  SOD: 0x77,
} as const;

const DG_BY_TAG = new Map<number, number>(
  Object.entries(LDS_TAG)
    .filter(([k]) => k.startsWith('DG'))
    .map(([k, tag]) => [tag, Number(k.slice(2))]),
);

/** The data group number an LDS tag stands for (0x75 → 2), or undefined. */
export function dataGroupNumber(tag: number): number | undefined {
  return DG_BY_TAG.get(tag);
}

const hexTag = (t: number): string => t.toString(16).toUpperCase().padStart(2, '0');

/** Parses one whole file and checks its outer tag. */
function openFile(bytes: Buffer, tag: number, what: string): TlvNode {
  const root = parseDer(bytes);
  if (root.tag !== tag) throw new DataGroupError('wrong_tag', `${what} must start with tag ${hexTag(tag)}, found ${hexTag(root.tag)}`, root.offset);
  if (!root.constructed || !root.children) throw new DataGroupError('not_constructed', `${what} tag ${hexTag(tag)} must be constructed`, root.offset);
  return root;
}

// ---------------------------------------------------------------------------------------------
// EF.COM

export interface EfCom {
  /** "1.7" from 5F01 "0107" (LDS version aabb). */
  readonly ldsVersion: string;
  /** "4.0.0" from 5F36 "040000" (Unicode version aabbcc). */
  readonly unicodeVersion: string;
  /** The LDS tags listed in 5C, in order. */
  readonly tags: readonly number[];
  /** The data groups those tags stand for (tags that name no data group are left out). */
  readonly dataGroups: readonly number[];
}

function digits(node: TlvNode, count: number, what: string): string {
  const s = node.value.toString('latin1');
  if (s.length !== count || !/^\d+$/.test(s)) throw new DataGroupError('bad_value', `${what} must be ${count} digits, found "${s.replace(/[^\x20-\x7e]/g, '?')}"`, node.offset);
  return s;
}

function onlyChild(root: TlvNode, tag: number, what: string): TlvNode | undefined {
  const found = root.children?.filter((c) => c.tag === tag) ?? [];
  if (found.length > 1) throw new DataGroupError('duplicate_field', `${what} appears ${found.length} times`, found[1]?.offset);
  return found[0];
}

function required(root: TlvNode, tag: number, what: string): TlvNode {
  const n = onlyChild(root, tag, what);
  if (!n) throw new DataGroupError('missing_field', `${what} (tag ${tag.toString(16).toUpperCase()}) is missing`, root.offset);
  return n;
}

export function parseEfCom(bytes: Buffer): EfCom {
  return readingDataGroup('EF.COM', () => {
    const root = openFile(bytes, LDS_TAG.COM, 'EF.COM');
    const lds = digits(required(root, 0x5f01, 'LDS version'), 4, 'LDS version');
    const uni = digits(required(root, 0x5f36, 'Unicode version'), 6, 'Unicode version');
    const tags = [...required(root, 0x5c, 'tag list').value];
    return {
      ldsVersion: `${Number(lds.slice(0, 2))}.${Number(lds.slice(2))}`,
      unicodeVersion: `${Number(uni.slice(0, 2))}.${Number(uni.slice(2, 4))}.${Number(uni.slice(4))}`,
      tags,
      dataGroups: tags.map(dataGroupNumber).filter((n): n is number => n !== undefined),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// DG1

export interface Dg1 {
  /** The MRZ lines as stored on the chip. */
  readonly lines: readonly string[];
  /** Document size implied by the MRZ length: TD1 3×30, TD2 (and MRV-B) 2×36, TD3 (and MRV-A) 2×44. */
  readonly format: 'TD1' | 'TD2' | 'TD3';
}

const MRZ_LAYOUT: Readonly<Record<number, { format: Dg1['format']; lines: number; width: number }>> = {
  90: { format: 'TD1', lines: 3, width: 30 },
  72: { format: 'TD2', lines: 2, width: 36 },
  88: { format: 'TD3', lines: 2, width: 44 },
};

export function parseDg1(bytes: Buffer): Dg1 {
  return readingDataGroup('DG1', () => {
    const root = openFile(bytes, LDS_TAG.DG1, 'DG1');
    const node = required(root, 0x5f1f, 'MRZ data element');
    const text = node.value.toString('latin1');
    const layout = MRZ_LAYOUT[text.length];
    if (!layout) throw new DataGroupError('bad_mrz_length', `the MRZ on the chip has ${text.length} characters; 90 (TD1), 72 (TD2) or 88 (TD3) are possible`, node.offset);
    const bad = /[^A-Z0-9<]/.exec(text);
    if (bad) {
      throw new DataGroupError('bad_mrz_character', `the MRZ on the chip has a character outside A–Z, 0–9 and < at position ${bad.index + 1}`, node.offset + node.headerLength + bad.index);
    }
    const lines = Array.from({ length: layout.lines }, (_, i) => text.slice(i * layout.width, (i + 1) * layout.width));
    return { lines, format: layout.format };
  });
}

export interface MrzDifference {
  /** 1-based line and column. */
  readonly line: number;
  readonly column: number;
  /** The character on each side ('' where that side has no character there). */
  readonly chip: string;
  readonly optical: string;
  /** The pair is one OCR engines often confuse (0/O, 1/I, 8/B, 5/S, 2/Z, 6/G, 0/D, 0/Q). */
  readonly ocrConfusable: boolean;
}

export interface MrzComparison {
  readonly status: 'pass' | 'fail';
  readonly differences: readonly MrzDifference[];
  readonly detail: string;
}

const CONFUSABLE = new Set(['0O', '1I', '8B', '5S', '2Z', '6G', '0D', '0Q'].flatMap((p) => [p, `${p[1]}${p[0]}`]));

/**
 * Compares the MRZ read from the chip (DG1) with the MRZ read optically from the data page. The chip's
 * copy is signed (passive authentication covers DG1), so any difference means the printed page was
 * misread or altered. Trailing whitespace on the optical lines is ignored; nothing else is forgiven.
 */
export function compareChipMrz(dg1Lines: readonly string[], opticalLines: readonly string[]): MrzComparison {
  const optical = opticalLines.map((l) => l.replace(/\s+$/, ''));
  const differences: MrzDifference[] = [];
  const lineCount = Math.max(dg1Lines.length, optical.length);
  for (let l = 0; l < lineCount; l++) {
    const a = dg1Lines[l] ?? '';
    const b = optical[l] ?? '';
    for (let c = 0; c < Math.max(a.length, b.length); c++) {
      const x = a[c] ?? '';
      const y = b[c] ?? '';
      if (x !== y) differences.push({ line: l + 1, column: c + 1, chip: x, optical: y, ocrConfusable: CONFUSABLE.has(`${x}${y}`) });
    }
  }
  if (differences.length === 0) return { status: 'pass', differences, detail: 'the MRZ on the chip is identical to the printed MRZ' };
  const where = [...new Set(differences.map((d) => d.line))]
    .map((line) => `line ${line} at position${differences.filter((d) => d.line === line).length > 1 ? 's' : ''} ${differences.filter((d) => d.line === line).map((d) => d.column).join(', ')}`)
    .join('; ');
  const shape =
    dg1Lines.length !== optical.length
      ? ` (the chip has ${dg1Lines.length} lines, the optical read ${optical.length})`
      : '';
  const hint = differences.every((d) => d.ocrConfusable)
    ? 'every difference is a character pair optical readers often confuse: re-scan the data page before deciding'
    : 'the data page may have been altered, or the chip belongs to another document';
  return { status: 'fail', differences, detail: `the MRZ on the chip differs from the printed MRZ on ${where}${shape}: ${hint}` };
}

// ---------------------------------------------------------------------------------------------
// DG11 / DG12 shared field readers

interface TextReader {
  readonly warnings: string[];
  text(node: TlvNode, what: string): string;
}

function textReader(): TextReader {
  const warnings: string[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return {
    warnings,
    text(node, what) {
      try {
        return utf8.decode(node.value);
      } catch {
        warnings.push(`${what} is not valid UTF-8; read as Latin-1`);
        return node.value.toString('latin1');
      }
    },
  };
}

/** A date written as CCYYMMDD (8 ASCII digits) or, by some issuers, as 4 BCD bytes. */
export interface LdsDate {
  readonly raw: string;
  /** YYYY-MM-DD when the date is complete and valid; undefined for partial dates (e.g. unknown day). */
  readonly iso: string | undefined;
}

function bcd(value: Buffer): string | undefined {
  let s = '';
  for (const b of value) {
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) return undefined;
    s += `${hi}${lo}`;
  }
  return s;
}

function readDate(node: TlvNode, what: string, warnings: string[]): LdsDate {
  let raw = node.value.toString('latin1');
  if (node.length === 4 && !/^\d{4}$/.test(raw)) {
    const b = bcd(node.value);
    if (b === undefined) throw new DataGroupError('bad_date', `${what} is neither 8 digits nor 4 BCD bytes`, node.offset);
    warnings.push(`${what} is BCD-encoded, not ASCII digits`);
    raw = b;
  }
  if (!/^[0-9<]{8}$/.test(raw)) throw new DataGroupError('bad_date', `${what} must be CCYYMMDD, found "${raw.replace(/[^\x20-\x7e]/g, '?')}"`, node.offset);
  return { raw, iso: isoDate(raw) };
}

function isoDate(ccyymmdd: string): string | undefined {
  if (!/^\d{8}$/.test(ccyymmdd)) return undefined;
  const [y, m, d] = [Number(ccyymmdd.slice(0, 4)), Number(ccyymmdd.slice(4, 6)), Number(ccyymmdd.slice(6))];
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return `${ccyymmdd.slice(0, 4)}-${ccyymmdd.slice(4, 6)}-${ccyymmdd.slice(6)}`;
}

/** A field whose parts are separated by '<' (place of birth, address, other TD numbers, names). */
export interface LdsText {
  readonly raw: string;
  readonly parts: readonly string[];
}

const split = (raw: string): LdsText => ({ raw, parts: raw.split('<').map((p) => p.trim()).filter((p) => p.length > 0) });

export interface LdsName {
  readonly raw: string;
  /** The primary identifier (surname), before '<<'. */
  readonly primary: string;
  /** The secondary identifier (given names), after '<<', with '<' as spaces. */
  readonly secondary: string;
}

function name(raw: string): LdsName {
  const at = raw.indexOf('<<');
  const [p, s] = at < 0 ? [raw, ''] : [raw.slice(0, at), raw.slice(at + 2)];
  const clean = (x: string): string => x.replace(/</g, ' ').replace(/\s+/g, ' ').trim();
  return { raw, primary: clean(p), secondary: clean(s) };
}

/**
 * Names in a template `A0 { 02 count, tag* }` (9303-10 DG11 other names, DG12 other persons). Some
 * issuers put the repeated tag directly in the data group instead: both are read.
 */
function repeatedNames(root: TlvNode, tag: number, what: string, t: TextReader): LdsName[] {
  const out: LdsName[] = [];
  for (const c of root.children ?? []) {
    if (c.tag === tag) out.push(name(t.text(c, what)));
    if (c.tag === 0xa0) {
      const items = c.children ?? [];
      const countNode = items.find((i) => i.tag === 0x02);
      const names = items.filter((i) => i.tag === tag);
      if (countNode) {
        const count = countNode.value.length === 1 ? (countNode.value[0] as number) : NaN;
        if (count !== names.length) t.warnings.push(`${what}: the template announces ${countNode.value.length === 1 ? count : 'an unreadable number of'} entries but holds ${names.length}`);
      }
      for (const n of names) out.push(name(t.text(n, what)));
    }
  }
  return out;
}

/** Checks the 5C tag list against the tags present; differences are warnings, not errors. */
function checkTagList(root: TlvNode, known: ReadonlySet<number>, what: string, warnings: string[]): { listed: number[]; unknownTags: number[] } {
  const list = onlyChild(root, 0x5c, 'tag list');
  const listed: number[] = [];
  if (list) {
    const v = list.value;
    for (let i = 0; i < v.length; ) {
      // Tags in the list are one or two bytes (5F0E, 5F0F…): a first byte with low bits 11111 takes the next.
      if (((v[i] as number) & 0x1f) === 0x1f && i + 1 < v.length) {
        listed.push(((v[i] as number) << 8) | (v[i + 1] as number));
        i += 2;
      } else {
        listed.push(v[i] as number);
        i += 1;
      }
    }
  } else {
    warnings.push(`${what} has no tag list (5C)`);
  }
  // What the file holds; an A0 template counts as the tag it repeats (5F0F, 5F1A), which the list names.
  const presentSet = new Set<number>();
  for (const c of root.children ?? []) {
    if (c.tag === 0xa0) for (const i of c.children ?? []) if (i.tag !== 0x02) presentSet.add(i.tag);
    if (c.tag !== 0x5c && c.tag !== 0xa0) presentSet.add(c.tag);
  }
  if (list) {
    const missing = listed.filter((t) => !presentSet.has(t));
    const unlisted = [...presentSet].filter((t) => !listed.includes(t));
    if (missing.length > 0) warnings.push(`${what} tag list names ${missing.map(hexTag).join(', ')} but the file does not hold ${missing.length > 1 ? 'them' : 'it'}`);
    if (unlisted.length > 0) warnings.push(`${what} holds ${unlisted.map(hexTag).join(', ')} that the tag list does not name`);
  }
  const unknownTags = [...presentSet].filter((t) => !known.has(t));
  return { listed, unknownTags };
}

// ---------------------------------------------------------------------------------------------
// DG11

export interface Dg11 {
  readonly fullName: LdsName | undefined;
  readonly otherNames: readonly LdsName[];
  readonly personalNumber: string | undefined;
  readonly fullDateOfBirth: LdsDate | undefined;
  readonly placeOfBirth: LdsText | undefined;
  readonly permanentAddress: LdsText | undefined;
  readonly telephone: string | undefined;
  readonly profession: string | undefined;
  readonly title: string | undefined;
  readonly personalSummary: string | undefined;
  /** Image of proof of citizenship (ISO/IEC 10918 JPEG), as stored. */
  readonly proofOfCitizenship: Buffer | undefined;
  readonly otherValidTdNumbers: LdsText | undefined;
  readonly custodyInformation: string | undefined;
  readonly tagList: readonly number[];
  readonly unknownTags: readonly number[];
  readonly warnings: readonly string[];
}

const DG11_TAGS = {
  fullName: 0x5f0e,
  otherName: 0x5f0f,
  personalNumber: 0x5f10,
  fullDateOfBirth: 0x5f2b,
  placeOfBirth: 0x5f11,
  permanentAddress: 0x5f42,
  telephone: 0x5f12,
  profession: 0x5f13,
  title: 0x5f14,
  personalSummary: 0x5f15,
  proofOfCitizenship: 0x5f16,
  otherValidTdNumbers: 0x5f17,
  custodyInformation: 0x5f18,
} as const;

export function parseDg11(bytes: Buffer): Dg11 {
  return readingDataGroup('DG11', () => {
    const root = openFile(bytes, LDS_TAG.DG11, 'DG11');
    const t = textReader();
    const known = new Set<number>(Object.values(DG11_TAGS));
    const { listed, unknownTags } = checkTagList(root, known, 'DG11', t.warnings);
    const text = (tag: number, what: string): string | undefined => {
      const n = onlyChild(root, tag, what);
      return n ? t.text(n, what) : undefined;
    };
    const fullName = text(DG11_TAGS.fullName, 'full name');
    const dob = onlyChild(root, DG11_TAGS.fullDateOfBirth, 'full date of birth');
    const place = text(DG11_TAGS.placeOfBirth, 'place of birth');
    const address = text(DG11_TAGS.permanentAddress, 'permanent address');
    const otherTds = text(DG11_TAGS.otherValidTdNumbers, 'other valid TD numbers');
    return {
      fullName: fullName === undefined ? undefined : name(fullName),
      otherNames: repeatedNames(root, DG11_TAGS.otherName, 'other name', t),
      personalNumber: text(DG11_TAGS.personalNumber, 'personal number'),
      fullDateOfBirth: dob ? readDate(dob, 'full date of birth', t.warnings) : undefined,
      placeOfBirth: place === undefined ? undefined : split(place),
      permanentAddress: address === undefined ? undefined : split(address),
      telephone: text(DG11_TAGS.telephone, 'telephone'),
      profession: text(DG11_TAGS.profession, 'profession'),
      title: text(DG11_TAGS.title, 'title'),
      personalSummary: text(DG11_TAGS.personalSummary, 'personal summary'),
      proofOfCitizenship: onlyChild(root, DG11_TAGS.proofOfCitizenship, 'proof of citizenship')?.value,
      otherValidTdNumbers: otherTds === undefined ? undefined : split(otherTds),
      custodyInformation: text(DG11_TAGS.custodyInformation, 'custody information'),
      tagList: listed,
      unknownTags,
      warnings: t.warnings,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// DG12

export interface Dg12 {
  readonly issuingAuthority: string | undefined;
  readonly dateOfIssue: LdsDate | undefined;
  readonly otherPersons: readonly LdsName[];
  readonly endorsementsAndObservations: string | undefined;
  readonly taxOrExitRequirements: string | undefined;
  readonly imageOfFront: Buffer | undefined;
  readonly imageOfRear: Buffer | undefined;
  /** Date and time of personalization, YYYYMMDDhhmmss as written, and as an ISO time when valid. */
  readonly personalizationTime: { readonly raw: string; readonly iso: string | undefined } | undefined;
  readonly personalizationSystemSerial: string | undefined;
  readonly tagList: readonly number[];
  readonly unknownTags: readonly number[];
  readonly warnings: readonly string[];
}

const DG12_TAGS = {
  issuingAuthority: 0x5f19,
  dateOfIssue: 0x5f26,
  otherPerson: 0x5f1a,
  endorsements: 0x5f1b,
  taxOrExit: 0x5f1c,
  imageOfFront: 0x5f1d,
  imageOfRear: 0x5f1e,
  personalizationTime: 0x5f55,
  personalizationSystemSerial: 0x5f56,
} as const;

function readTimestamp(node: TlvNode, warnings: string[]): { raw: string; iso: string | undefined } {
  let raw = node.value.toString('latin1');
  if (node.length === 7 && !/^\d{7}$/.test(raw)) {
    const b = bcd(node.value);
    if (b === undefined) throw new DataGroupError('bad_date', 'personalization time is neither 14 digits nor 7 BCD bytes', node.offset);
    warnings.push('personalization time is BCD-encoded, not ASCII digits');
    raw = b;
  }
  if (!/^\d{14}$/.test(raw)) throw new DataGroupError('bad_date', `personalization time must be YYYYMMDDhhmmss, found "${raw.replace(/[^\x20-\x7e]/g, '?')}"`, node.offset);
  const day = isoDate(raw.slice(0, 8));
  const [h, m, s] = [Number(raw.slice(8, 10)), Number(raw.slice(10, 12)), Number(raw.slice(12))];
  const iso = day && h < 24 && m < 60 && s < 60 ? `${day}T${raw.slice(8, 10)}:${raw.slice(10, 12)}:${raw.slice(12)}` : undefined;
  return { raw, iso };
}

export function parseDg12(bytes: Buffer): Dg12 {
  return readingDataGroup('DG12', () => {
    const root = openFile(bytes, LDS_TAG.DG12, 'DG12');
    const t = textReader();
    const { listed, unknownTags } = checkTagList(root, new Set<number>(Object.values(DG12_TAGS)), 'DG12', t.warnings);
    const text = (tag: number, what: string): string | undefined => {
      const n = onlyChild(root, tag, what);
      return n ? t.text(n, what) : undefined;
    };
    const issue = onlyChild(root, DG12_TAGS.dateOfIssue, 'date of issue');
    const perso = onlyChild(root, DG12_TAGS.personalizationTime, 'personalization time');
    return {
      issuingAuthority: text(DG12_TAGS.issuingAuthority, 'issuing authority'),
      dateOfIssue: issue ? readDate(issue, 'date of issue', t.warnings) : undefined,
      otherPersons: repeatedNames(root, DG12_TAGS.otherPerson, 'other person', t),
      endorsementsAndObservations: text(DG12_TAGS.endorsements, 'endorsements and observations'),
      taxOrExitRequirements: text(DG12_TAGS.taxOrExit, 'tax or exit requirements'),
      imageOfFront: onlyChild(root, DG12_TAGS.imageOfFront, 'image of front')?.value,
      imageOfRear: onlyChild(root, DG12_TAGS.imageOfRear, 'image of rear')?.value,
      personalizationTime: perso ? readTimestamp(perso, t.warnings) : undefined,
      personalizationSystemSerial: text(DG12_TAGS.personalizationSystemSerial, 'personalization system serial number'),
      tagList: listed,
      unknownTags,
      warnings: t.warnings,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// DG14

export interface Dg14 {
  readonly securityInfos: readonly SecurityInfo[];
}

export function parseDg14(bytes: Buffer): Dg14 {
  return readingDataGroup('DG14', () => {
    const root = openFile(bytes, LDS_TAG.DG14, 'DG14');
    const set = root.children?.[0];
    if (!set || root.children?.length !== 1) throw new DataGroupError('bad_structure', 'DG14 must hold exactly one SecurityInfos SET', root.offset);
    return { securityInfos: parseSecurityInfos(set) };
  });
}

// ---------------------------------------------------------------------------------------------
// DG15

export interface Dg15 {
  /** The Active Authentication SubjectPublicKeyInfo, DER. */
  readonly spki: Buffer;
  readonly algorithm: 'rsa' | 'ec';
  readonly key: ImportedPublicKey;
  /** RSA modulus or EC field size in bits. */
  readonly bits: number;
  /** RSA public exponent (hex) or EC curve name. */
  readonly rsaExponent: string | undefined;
  readonly curve: string | undefined;
}

export function parseDg15(bytes: Buffer): Dg15 {
  return readingDataGroup('DG15', () => {
    const root = openFile(bytes, LDS_TAG.DG15, 'DG15');
    const spkiNode = root.children?.[0];
    if (!spkiNode || root.children?.length !== 1) throw new DataGroupError('bad_structure', 'DG15 must hold exactly one SubjectPublicKeyInfo', root.offset);
    const r = new SequenceReader(spkiNode, 'SubjectPublicKeyInfo');
    const alg = readAlgorithmIdentifier(r.next(TAG.SEQUENCE, 'algorithm'), 'SubjectPublicKeyInfo.algorithm');
    const bits = readBitString(r.next(TAG.BIT_STRING, 'subjectPublicKey'), 'subjectPublicKey');
    r.end();
    if (alg.oid !== OID.rsaEncryption && alg.oid !== OID.ecPublicKey) {
      throw new DataGroupError('unsupported_key', `DG15 key algorithm ${oidName(alg.oid)} is neither RSA nor EC (9303-11 §6.1)`, spkiNode.offset);
    }
    let key: ImportedPublicKey;
    try {
      key = importPublicKey(spkiNode.raw);
    } catch (e) {
      if (e instanceof ChipDataError) throw new DataGroupError('bad_public_key', `DG15 public key cannot be used: ${e.message}`, spkiNode.offset);
      throw e;
    }
    let rsaExponent: string | undefined;
    if (key.type === 'rsa') {
      const rsa = new SequenceReader(parseDer(bits.bytes), 'RSAPublicKey');
      rsa.next(TAG.INTEGER, 'modulus');
      rsaExponent = rsa.next(TAG.INTEGER, 'publicExponent').value.toString('hex').replace(/^(00)+(?=..)/, '').toUpperCase();
    }
    return {
      spki: spkiNode.raw,
      algorithm: key.type,
      key,
      bits: key.bits,
      rsaExponent,
      curve: key.type === 'ec' ? (key.curve?.name ?? key.curveName) : undefined,
    };
  });
}
