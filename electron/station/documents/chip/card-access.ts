/**
 * EF.CardAccess (ICAO 9303-11 §9.2): SecurityInfos ::= SET OF SecurityInfo, where
 *   SecurityInfo ::= SEQUENCE { protocol OBJECT IDENTIFIER, requiredData ANY, optionalData ANY OPTIONAL }
 *   PACEInfo     ::= SEQUENCE { protocol (id-PACE-*), version INTEGER (2), parameterId INTEGER OPTIONAL }
 * Only PACEInfo entries are interpreted; other SecurityInfos are kept by OID.
 */
import { ChipDataError } from './errors.js';
import { SequenceReader, TAG, childrenOf, expectTag, parseDer, readOid, readSmallInteger } from './der.js';

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

export function parseCardAccess(bytes: Buffer): CardAccess {
  try {
    const root = expectTag(parseDer(bytes), TAG.SET, 'SecurityInfos');
    const paceInfos: PaceInfo[] = [];
    const otherProtocols: string[] = [];
    for (const info of childrenOf(root, 'SecurityInfos')) {
      const r = new SequenceReader(expectTag(info, TAG.SEQUENCE, 'SecurityInfo'), 'SecurityInfo');
      const protocol = readOid(r.next(TAG.OID, 'protocol'), 'SecurityInfo.protocol');
      // id-PACE-<agreement>-<mapping>-<cipher>: exactly two arcs below id-PACE; id-PACE-*-Domain-Parameters
      // entries (PACEDomainParameterInfo) have one.
      const below = protocol.startsWith(`${ID_PACE}.`) ? protocol.slice(ID_PACE.length + 1).split('.') : [];
      if (below.length === 2) {
        const version = readSmallInteger(r.next(TAG.INTEGER, 'version'), 'PACEInfo.version');
        const p = r.optional(TAG.INTEGER);
        r.end();
        paceInfos.push({ protocol, version, parameterId: p ? readSmallInteger(p, 'PACEInfo.parameterId') : undefined });
      } else {
        otherProtocols.push(protocol);
      }
    }
    return { paceInfos, otherProtocols };
  } catch (e) {
    if (e instanceof CardAccessError) throw e;
    if (e instanceof ChipDataError) throw new CardAccessError(e.code, `EF.CardAccess: ${e.message.replace(/ \(at byte \d+\)$/, '')}`, e.offset);
    throw e;
  }
}
