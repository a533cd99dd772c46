/**
 * Secure messaging on the chip's side (ICAO 9303-11 §9.8): verify and decrypt a protected command,
 * protect the response. The mirror image of the terminal's `SecureMessaging` in
 * `native-drivers/epassport/secure-messaging.ts`, over the same ciphers and counter.
 *
 *   command:  CLA|0C INS P1 P2 Lc [DO 87 or 85] [DO 97] DO 8E Le
 *             MAC over pad(SSC ‖ pad(CLA INS P1 P2) ‖ DO 87/85 ‖ DO 97)
 *   response: [DO 87] DO 99 DO 8E SW1 SW2, MAC over pad(SSC ‖ DO 87 ‖ DO 99)
 * SSC is incremented before checking each command and before protecting each response. A command
 * that fails these checks is answered 6987 (objects missing) or 6988 (objects incorrect) in plain,
 * and the applet ends the session (§9.8.4: the chip discards its session keys).
 */
import { timingSafeEqual } from 'node:crypto';
import {
  AesSmCipher,
  DesSmCipher,
  SW,
  encodeResponseApdu,
  encodeTlv,
  incrementCounter,
  pad,
  parseTlvList,
  unpad,
  type CommandApdu,
  type DecodedCommandApdu,
  type KeyAlgorithm,
  type ResponseApdu,
  type SmCipher,
  type TlvNode,
} from '../../../epassport/index.js';
import type { SecureChannel } from '../plain-epassport-applet.js';

export interface ChipSecureChannelStats {
  commands: number;
  rejected: number;
}

export class ChipSecureChannel implements SecureChannel {
  readonly stats: ChipSecureChannelStats = { commands: 0, rejected: 0 };
  private readonly counter: Buffer;
  /** Bytes wrapping adds to a response at most, so the applet can keep protected answers within its limit. */
  readonly responseOverhead: number;

  constructor(
    readonly cipher: SmCipher,
    initialSsc: Buffer,
  ) {
    if (initialSsc.length !== cipher.blockSize) throw new RangeError(`${cipher.name} SSC must be ${cipher.blockSize} bytes`);
    this.counter = Buffer.from(initialSsc);
    // DO 87 header (up to 4) and indicator, a full block of padding, DO 99 (4), DO 8E (10).
    this.responseOverhead = 5 + cipher.blockSize + 4 + 10;
  }

  /** Session keys to a channel: 3DES keys for BAC or PACE/CA with 3DES, AES otherwise; SSC zero unless given. */
  static withKeys(algorithm: KeyAlgorithm, ksEnc: Buffer, ksMac: Buffer, ssc?: Buffer): ChipSecureChannel {
    const cipher = algorithm === '3DES' ? new DesSmCipher(ksEnc, ksMac) : new AesSmCipher(ksEnc, ksMac);
    return new ChipSecureChannel(cipher, ssc ?? Buffer.alloc(cipher.blockSize));
  }

  /** A copy of the send sequence counter. */
  get ssc(): Buffer {
    return Buffer.from(this.counter);
  }

  unwrapCommand(command: DecodedCommandApdu): CommandApdu | { readonly sw: number } {
    this.stats.commands++;
    incrementCounter(this.counter);
    const reject = (sw: number) => {
      this.stats.rejected++;
      return { sw };
    };
    let objects: TlvNode[];
    try {
      objects = parseTlvList(command.data ?? Buffer.alloc(0), { parseChildren: false });
    } catch {
      return reject(SW.SM_DATA_INCORRECT);
    }
    let i = 0;
    const take = (tag: number): TlvNode | undefined => (objects[i]?.tag === tag ? objects[i++] : undefined);
    const cryptogram = take(0x87) ?? take(0x85);
    const le = take(0x97);
    const mac = take(0x8e);
    if (!mac) return reject(SW.SM_DATA_MISSING);
    if (i !== objects.length) return reject(SW.SM_DATA_INCORRECT);
    const bs = this.cipher.blockSize;
    const header = Buffer.from([command.cla, command.ins, command.p1, command.p2]);
    const macInput = pad(Buffer.concat([this.counter, pad(header, bs), ...(cryptogram ? [cryptogram.raw] : []), ...(le ? [le.raw] : [])]), bs);
    const expected = this.cipher.mac(macInput);
    if (mac.value.length !== expected.length || !timingSafeEqual(mac.value, expected)) return reject(SW.SM_DATA_INCORRECT);

    let data: Buffer | undefined;
    if (cryptogram) {
      let encrypted = cryptogram.value;
      if (cryptogram.tag === 0x87) {
        if (encrypted[0] !== 0x01) return reject(SW.SM_DATA_INCORRECT);
        encrypted = encrypted.subarray(1);
      }
      if (encrypted.length === 0 || encrypted.length % bs !== 0) return reject(SW.SM_DATA_INCORRECT);
      try {
        data = unpad(this.cipher.decrypt(this.counter, encrypted));
      } catch {
        return reject(SW.SM_DATA_INCORRECT);
      }
    }
    let ne: number | undefined;
    if (le) {
      const v = le.value;
      if (v.length === 1) ne = v[0] === 0 ? 256 : v[0];
      else if (v.length === 2) ne = v.readUInt16BE(0) === 0 ? 65536 : v.readUInt16BE(0);
      else return reject(SW.SM_DATA_INCORRECT);
    }
    return { cla: command.cla & ~0x0c & 0xff, ins: command.ins, p1: command.p1, p2: command.p2, ...(data && data.length > 0 ? { data } : {}), ...(ne !== undefined ? { le: ne } : {}) };
  }

  wrapResponse(response: ResponseApdu): Buffer {
    incrementCounter(this.counter);
    const bs = this.cipher.blockSize;
    // Response data always travels in DO 87 with the padding indicator; terminals accept it for odd
    // INS too, and it keeps the padding unambiguous.
    const do87 = response.data.length > 0 ? encodeTlv(0x87, Buffer.concat([Buffer.from([0x01]), this.cipher.encrypt(this.counter, pad(response.data, bs))])) : Buffer.alloc(0);
    const sw = Buffer.alloc(2);
    sw.writeUInt16BE(response.sw);
    const do99 = encodeTlv(0x99, sw);
    const do8e = encodeTlv(0x8e, this.cipher.mac(pad(Buffer.concat([this.counter, do87, do99]), bs)));
    return encodeResponseApdu({ data: Buffer.concat([do87, do99, do8e]), sw: response.sw });
  }
}
