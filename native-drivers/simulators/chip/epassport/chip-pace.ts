/**
 * PACE v2 with ECDH Generic Mapping on the chip's side (ICAO 9303-11 §4.4), the counterpart of the
 * terminal's `PaceTerminal`:
 *
 *   MSE:Set AT       00 22 C1 A4  80 OID, 83 password (01 MRZ, 02 CAN), 84 parameter id?  → 9000
 *   GA 1  (10 86)    7C 00                → 7C { 80 z = E(K_pi, s) }
 *   GA 2  (10 86)    7C { 81 PK_map,PCD } → 7C { 82 PK_map,IC };      G' = s·G + SK_map,IC·PK_map,PCD
 *   GA 3  (10 86)    7C { 83 PK_PCD }     → 7C { 84 PK_IC } on G';    K = x(SK_IC·PK_PCD)
 *   GA 4  (00 86)    7C { 85 T_PCD }      → 7C { 86 T_IC }, then secure messaging with SSC = 0
 *
 * A wrong password shows at GA 4: the terminal decrypted another nonce, so its mapped generator, keys
 * and token differ; the chip answers 6300 and forgets the run. A GENERAL AUTHENTICATE out of order
 * answers 6985 and forgets it too.
 *
 * With `broken` (the test-only `faults.paceBroken`) the chip still offers PACE in EF.CardAccess but
 * answers every MSE:Set AT for PACE with 6A80: a chip fault, not a refused password (63xx), the case
 * in which a terminal falls back to BAC (9303-11 §4.2).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  SW,
  authenticationToken,
  bigintToBytes,
  decodeOidValue,
  decodePoint,
  derivePasswordKey,
  encodePoint,
  encodeTlv,
  encryptNonce,
  findChild,
  generator,
  kdf,
  KDF_COUNTER,
  mapGenerator,
  parseTlv,
  parseTlvList,
  randomScalar,
  scalarMultiply,
  type AffinePoint,
  type CommandApdu,
  type PacePassword,
  type ResponseApdu,
} from '../../../epassport/index.js';
import type { AppletContext, AppletExtension } from '../plain-epassport-applet.js';
import { ChipSecureChannel } from './chip-secure-channel.js';
import type { PaceOfferOnChip } from './personalise.js';

export const PASSWORD_REFERENCE = { MRZ: 1, CAN: 2 } as const;

const respond = (sw: number, data: Buffer = Buffer.alloc(0)): ResponseApdu => ({ data, sw });
const dynamicData = (tag: number, value: Buffer): ResponseApdu => respond(SW.OK, encodeTlv(0x7c, encodeTlv(tag, value)));

type Run =
  | { step: 'at_set'; offer: PaceOfferOnChip; password: PacePassword }
  | { step: 'nonce_sent'; offer: PaceOfferOnChip; nonce: Buffer }
  | { step: 'mapped'; offer: PaceOfferOnChip; mapped: AffinePoint }
  | { step: 'agreed'; offer: PaceOfferOnChip; ksEnc: Buffer; ksMac: Buffer; chipKey: Buffer; terminalKey: Buffer };

export interface ChipPaceOptions {
  readonly offers: readonly PaceOfferOnChip[];
  readonly mrzInformation: string;
  readonly can: string | undefined;
  readonly random?: (n: number) => Buffer;
  /** Answer every MSE:Set AT for PACE with 6A80 (`faults.paceBroken`). */
  readonly broken?: boolean;
  readonly onOutcome?: (outcome: 'established' | 'refused') => void;
}

export class ChipPace implements AppletExtension {
  private run: Run | undefined;
  private readonly random: (n: number) => Buffer;

  constructor(private readonly options: ChipPaceOptions) {
    this.random = options.random ?? randomBytes;
  }

  reset(): void {
    this.run = undefined;
  }

  handle(command: CommandApdu, context: AppletContext): ResponseApdu | undefined {
    if (command.ins === 0x22 && command.p1 === 0xc1 && command.p2 === 0xa4) return this.setAuthenticationTemplate(command);
    if (command.ins === 0x86 && this.run) return this.generalAuthenticate(command, context);
    return undefined;
  }

  private setAuthenticationTemplate(command: CommandApdu): ResponseApdu {
    this.run = undefined;
    if (this.options.broken) return respond(SW.INCORRECT_DATA);
    let objects;
    try {
      objects = parseTlvList(command.data ?? Buffer.alloc(0), { parseChildren: false });
    } catch {
      return respond(SW.INCORRECT_DATA);
    }
    const value = (tag: number) => objects.find((o) => o.tag === tag)?.value;
    const oid = value(0x80);
    const reference = value(0x83);
    const parameter = value(0x84);
    if (!oid || !reference || reference.length !== 1) return respond(SW.INCORRECT_DATA);
    let protocol: string;
    try {
      protocol = decodeOidValue(oid);
    } catch {
      return respond(SW.INCORRECT_DATA);
    }
    const parameterId = parameter && parameter.length === 1 ? parameter[0] : undefined;
    const offer = this.options.offers.find((o) => o.protocol === protocol && (parameterId === undefined || o.parameterId === parameterId));
    if (!offer) return respond(SW.REFERENCED_DATA_NOT_FOUND);
    let password: PacePassword;
    if (reference[0] === PASSWORD_REFERENCE.MRZ) password = { kind: 'mrz', mrzInformation: this.options.mrzInformation };
    else if (reference[0] === PASSWORD_REFERENCE.CAN && this.options.can !== undefined) password = { kind: 'can', can: this.options.can };
    else return respond(SW.REFERENCED_DATA_NOT_FOUND);
    this.run = { step: 'at_set', offer, password };
    return respond(SW.OK);
  }

  private generalAuthenticate(command: CommandApdu, context: AppletContext): ResponseApdu {
    const run = this.run as Run;
    let objects;
    try {
      const root = parseTlv(command.data ?? Buffer.alloc(0));
      if (root.tag !== 0x7c) throw new Error('not dynamic authentication data');
      objects = root;
    } catch {
      this.run = undefined;
      return respond(SW.INCORRECT_DATA);
    }
    const item = (tag: number) => findChild(objects, tag)?.value;
    const { curve, cipher, protocol } = run.offer;
    const chained = (command.cla & 0x10) !== 0;
    try {
      if (run.step === 'at_set' && chained && (objects.children?.length ?? 0) === 0) {
        const nonce = this.random(cipher === '3DES' ? 8 : 16);
        const z = encryptNonce(derivePasswordKey(run.password, cipher), nonce, cipher);
        this.run = { step: 'nonce_sent', offer: run.offer, nonce };
        return dynamicData(0x80, z);
      }
      if (run.step === 'nonce_sent' && chained && item(0x81)) {
        const terminalMapping = decodePoint(curve, item(0x81) as Buffer);
        const sk = randomScalar(curve, this.random);
        const shared = scalarMultiply(curve, sk, terminalMapping);
        if (shared === null) throw new Error('mapping point at infinity');
        this.run = { step: 'mapped', offer: run.offer, mapped: mapGenerator(curve, run.nonce, shared) };
        return dynamicData(0x82, encodePoint(curve, scalarMultiply(curve, sk, generator(curve))));
      }
      if (run.step === 'mapped' && chained && item(0x83)) {
        const terminalKey = item(0x83) as Buffer;
        const pcd = decodePoint(curve, terminalKey);
        const sk = randomScalar(curve, this.random);
        const chipKey = encodePoint(curve, scalarMultiply(curve, sk, run.mapped));
        // §4.4.3.3: the chip too must refuse a terminal key equal to its own.
        if (chipKey.equals(terminalKey)) throw new Error('terminal echoed the chip key');
        const k = scalarMultiply(curve, sk, pcd);
        if (k === null) throw new Error('shared secret at infinity');
        const secret = bigintToBytes(k.x, curve.size);
        this.run = { step: 'agreed', offer: run.offer, ksEnc: kdf(secret, KDF_COUNTER.enc, cipher), ksMac: kdf(secret, KDF_COUNTER.mac, cipher), chipKey, terminalKey };
        return dynamicData(0x84, chipKey);
      }
      if (run.step === 'agreed' && !chained && item(0x85)) {
        this.run = undefined;
        const expected = authenticationToken(cipher, run.ksMac, protocol, run.chipKey);
        const token = item(0x85) as Buffer;
        if (token.length !== expected.length || !timingSafeEqual(token, expected)) {
          this.options.onOutcome?.('refused');
          return respond(SW.AUTHENTICATION_FAILED);
        }
        context.openSecureChannel(ChipSecureChannel.withKeys(cipher, run.ksEnc, run.ksMac), ['secure-messaging']);
        this.options.onOutcome?.('established');
        return dynamicData(0x86, authenticationToken(cipher, run.ksMac, protocol, run.terminalKey));
      }
    } catch {
      // A point off the curve, at infinity, or an echoed key: the run is over.
      this.run = undefined;
      return respond(SW.INCORRECT_DATA);
    }
    this.run = undefined;
    return respond(SW.CONDITIONS_NOT_SATISFIED);
  }
}
