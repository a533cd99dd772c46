/**
 * EF.CardAccess (ICAO 9303-11 §9.2): SecurityInfos ::= SET OF SecurityInfo, where
 *   SecurityInfo ::= SEQUENCE { protocol OBJECT IDENTIFIER, requiredData ANY, optionalData ANY OPTIONAL }
 *   PACEInfo     ::= SEQUENCE { protocol (id-PACE-*), version INTEGER (2), parameterId INTEGER OPTIONAL }
 * Only PACEInfo entries are interpreted; other SecurityInfos are kept by OID.
 */
import { ChipDataError } from './errors.js';
import { decodeOidValue } from './object-identifier.js';
import { parseTlv, type TlvNode } from './tlv.js';

export const ID_PACE = '0.4.0.127.0.7.2.2.4';

export interface PaceInfo {
  readonly protocol: string;
  readonly version: number;
  readonly parameterId: number | undefined;
}

export interface CardAccess {
  readonly paceInfos: readonly PaceInfo[];
  /** OIDs of the SecurityInfos that are not PACEInfo (e.g. ChipAuthenticationInfo). */
  readonly otherProtocols: readonly string[];
}

export class CardAccessError extends ChipDataError {
  constructor(code: string, message: string, offset?: number) {
    super(code, message, offset);
    this.name = 'CardAccessError';
  }
}

function expect(node: TlvNode | undefined, tag: number, what: string, parent: TlvNode): TlvNode {
  if (!node) throw new CardAccessError('missing_field', `EF.CardAccess: ${what} is missing`, parent.offset);
  if (node.tag !== tag) {
    throw new CardAccessError('unexpected_tag', `EF.CardAccess: ${what}: expected tag 0x${tag.toString(16).toUpperCase()}, found 0x${node.tag.toString(16).toUpperCase()}`, node.offset);
  }
  return node;
}

function smallInteger(node: TlvNode, what: string): number {
  const v = node.value;
  if (v.length === 0 || v.length > 3 || ((v[0] as number) & 0x80) !== 0) {
    throw new CardAccessError('bad_integer', `EF.CardAccess: ${what} is not a small non-negative INTEGER`, node.offset);
  }
  return v.readUIntBE(0, v.length);
}

export function parseCardAccess(bytes: Buffer): CardAccess {
  let root: TlvNode;
  try {
    root = parseTlv(bytes);
  } catch (e) {
    if (e instanceof ChipDataError) throw new CardAccessError(e.code, `EF.CardAccess: ${e.message.replace(/ \(at byte \d+\)$/, '')}`, e.offset);
    throw e;
  }
  if (root.tag !== 0x31 || !root.children) throw new CardAccessError('unexpected_tag', 'EF.CardAccess: SecurityInfos must be a SET', root.offset);
  const paceInfos: PaceInfo[] = [];
  const otherProtocols: string[] = [];
  for (const info of root.children) {
    if (info.tag !== 0x30 || !info.children) throw new CardAccessError('unexpected_tag', 'EF.CardAccess: SecurityInfo must be a SEQUENCE', info.offset);
    const [oidNode, ...rest] = info.children;
    const oid = expect(oidNode, 0x06, 'SecurityInfo.protocol', info);
    let protocol: string;
    try {
      protocol = decodeOidValue(oid.value, 'SecurityInfo.protocol');
    } catch (e) {
      throw new CardAccessError('bad_oid', `EF.CardAccess: ${(e as Error).message}`, oid.offset);
    }
    // id-PACE-<agreement>-<mapping>-<cipher>: exactly two arcs below id-PACE; id-PACE-*-Domain-Parameters
    // entries (PACEDomainParameterInfo) have one.
    const below = protocol.startsWith(`${ID_PACE}.`) ? protocol.slice(ID_PACE.length + 1).split('.') : [];
    if (below.length !== 2) {
      otherProtocols.push(protocol);
      continue;
    }
    const version = smallInteger(expect(rest[0], 0x02, 'PACEInfo.version', info), 'PACEInfo.version');
    const p = rest[1];
    if (p !== undefined && p.tag !== 0x02) throw new CardAccessError('unexpected_tag', 'EF.CardAccess: PACEInfo.parameterId must be an INTEGER', p.offset);
    if (rest.length > 2) throw new CardAccessError('unexpected_field', 'EF.CardAccess: PACEInfo has extra fields', rest[2]?.offset);
    paceInfos.push({ protocol, version, parameterId: p ? smallInteger(p, 'PACEInfo.parameterId') : undefined });
  }
  return { paceInfos, otherProtocols };
}
