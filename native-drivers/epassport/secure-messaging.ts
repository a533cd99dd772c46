/**
 * Secure messaging (ICAO 9303-11 §9.8, ISO/IEC 7816-4 §10) for 3DES (after BAC, or PACE with 3DES)
 * and AES (after PACE).
 *
 * Command:  CLA|0x0C INS P1 P2 Lc' [DO'87' or DO'85'] [DO'97'] DO'8E' Le'=00
 *   DO'87' = 87 L 01 ‖ E(KSenc, pad(data))   (DO'85' without the 01 byte, for odd INS)
 *   DO'97' = 97 L Le
 *   DO'8E' = 8E 08 MAC(KSmac, pad(SSC ‖ pad(header) ‖ DO'87' ‖ DO'97'))
 * Response: [DO'87'] DO'99' DO'8E' SW1 SW2, the MAC over pad(SSC ‖ DO'87' ‖ DO'99').
 * The send sequence counter SSC is incremented before every command and every response.
 *
 * 3DES: CBC with a zero IV, retail MAC, 8-byte SSC. AES: CBC with IV = E(KSenc, SSC), AES-CMAC
 * truncated to 8 bytes, 16-byte SSC (§9.8.6.2).
 */
import { createCipheriv, createDecipheriv, timingSafeEqual } from 'node:crypto';
import { ChipDataError } from './errors.js';
import { SW, decodeCommandApdu, encodeCommandApdu, encodeResponseApdu, parseResponseApdu, type CommandApdu, type ResponseApdu, type Transmit } from './apdu.js';
import { aesCmac, aesEncryptBlock } from './cmac.js';
import { retailMac, tdesDecrypt, tdesEncrypt } from './des.js';
import { pad, unpad } from './padding.js';
import { encodeTlv, parseTlvList, type TlvNode } from './tlv.js';

export class SecureMessagingError extends ChipDataError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'SecureMessagingError';
  }
}

export interface SmCipher {
  readonly name: '3DES' | 'AES';
  readonly blockSize: number;
  /** Encrypts already padded data; the SSC is needed for AES's IV. */
  encrypt(ssc: Buffer, padded: Buffer): Buffer;
  decrypt(ssc: Buffer, data: Buffer): Buffer;
  /** 8-byte MAC over already padded data. */
  mac(padded: Buffer): Buffer;
}

export class DesSmCipher implements SmCipher {
  readonly name = '3DES' as const;
  readonly blockSize = 8;
  constructor(
    private readonly ksEnc: Buffer,
    private readonly ksMac: Buffer,
  ) {}
  encrypt(_ssc: Buffer, padded: Buffer): Buffer {
    return tdesEncrypt(this.ksEnc, padded);
  }
  decrypt(_ssc: Buffer, data: Buffer): Buffer {
    return tdesDecrypt(this.ksEnc, data);
  }
  mac(padded: Buffer): Buffer {
    return retailMac(this.ksMac, padded);
  }
}

function aesCbcName(key: Buffer): string {
  return `aes-${key.length * 8}-cbc`;
}

export class AesSmCipher implements SmCipher {
  readonly name = 'AES' as const;
  readonly blockSize = 16;
  constructor(
    private readonly ksEnc: Buffer,
    private readonly ksMac: Buffer,
  ) {
    if (![16, 24, 32].includes(ksEnc.length) || ![16, 24, 32].includes(ksMac.length)) {
      throw new SecureMessagingError('bad_key', 'AES session keys must be 16, 24 or 32 bytes');
    }
  }
  private iv(ssc: Buffer): Buffer {
    return aesEncryptBlock(this.ksEnc, ssc);
  }
  encrypt(ssc: Buffer, padded: Buffer): Buffer {
    const c = createCipheriv(aesCbcName(this.ksEnc), this.ksEnc, this.iv(ssc));
    c.setAutoPadding(false);
    return Buffer.concat([c.update(padded), c.final()]);
  }
  decrypt(ssc: Buffer, data: Buffer): Buffer {
    if (data.length % 16 !== 0) throw new SecureMessagingError('bad_length', 'AES cryptogram is not a multiple of 16 bytes');
    const d = createDecipheriv(aesCbcName(this.ksEnc), this.ksEnc, this.iv(ssc));
    d.setAutoPadding(false);
    return Buffer.concat([d.update(data), d.final()]);
  }
  mac(padded: Buffer): Buffer {
    return aesCmac(this.ksMac, padded).subarray(0, 8);
  }
}

/** Adds one to a big-endian counter in place, wrapping to zero. */
export function incrementCounter(ssc: Buffer): void {
  for (let i = ssc.length - 1; i >= 0; i--) {
    const v = ((ssc[i] as number) + 1) & 0xff;
    ssc[i] = v;
    if (v !== 0) return;
  }
}

function leBytes(le: number): Buffer {
  if (le === 256) return Buffer.from([0]);
  if (le < 256) return Buffer.from([le]);
  if (le === 65536) return Buffer.from([0, 0]);
  return Buffer.from([le >> 8, le & 0xff]);
}

export interface UnprotectedResponse extends ResponseApdu {
  /** False when the chip answered a plain status word (it does so for SM errors, ending the session). */
  readonly protected: boolean;
}

export class SecureMessaging {
  private readonly counter: Buffer;
  private closed = false;

  constructor(
    readonly cipher: SmCipher,
    initialSsc: Buffer,
  ) {
    if (initialSsc.length !== cipher.blockSize) {
      throw new SecureMessagingError('bad_ssc', `${cipher.name} SSC must be ${cipher.blockSize} bytes, got ${initialSsc.length}`);
    }
    this.counter = Buffer.from(initialSsc);
  }

  /** A copy of the current send sequence counter. */
  get ssc(): Buffer {
    return Buffer.from(this.counter);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private requireOpen(): void {
    if (this.closed) throw new SecureMessagingError('session_closed', 'the secure messaging session has ended; authenticate again');
  }

  /** Wraps a plain command APDU. Advances the SSC. */
  protect(command: CommandApdu): Buffer {
    this.requireOpen();
    if ((command.cla & 0x0c) !== 0) throw new SecureMessagingError('already_protected', 'the command already has secure messaging bits in CLA');
    incrementCounter(this.counter);
    const bs = this.cipher.blockSize;
    const cla = command.cla | 0x0c;
    const header = Buffer.from([cla, command.ins, command.p1, command.p2]);
    const objects: Buffer[] = [];
    if (command.data && command.data.length > 0) {
      const cryptogram = this.cipher.encrypt(this.counter, pad(command.data, bs));
      objects.push((command.ins & 1) === 1 ? encodeTlv(0x85, cryptogram) : encodeTlv(0x87, Buffer.concat([Buffer.from([0x01]), cryptogram])));
    }
    if (command.le !== undefined) objects.push(encodeTlv(0x97, leBytes(command.le)));
    const macInput = pad(Buffer.concat([this.counter, pad(header, bs), ...objects]), bs);
    objects.push(encodeTlv(0x8e, this.cipher.mac(macInput)));
    const body = Buffer.concat(objects);
    const needsExtended = body.length > 255 || (command.le !== undefined && command.le > 256);
    return encodeCommandApdu({ cla, ins: command.ins, p1: command.p1, p2: command.p2, data: body, le: needsExtended ? 65536 : 256 });
  }

  /** Checks and unwraps a protected response APDU. Advances the SSC. */
  unprotect(responseApdu: Buffer): UnprotectedResponse {
    this.requireOpen();
    incrementCounter(this.counter);
    const { data: body, sw } = parseResponseApdu(responseApdu);
    if (body.length === 0) {
      if (sw === SW.OK) throw this.fail('missing_mac', 'the chip answered 9000 without secure messaging data objects');
      // ICAO 9303-11 §9.8.4: on an SM error the chip answers in plain and discards its session keys.
      if (sw === 0x6987 || sw === 0x6988) this.closed = true;
      return { data: Buffer.alloc(0), sw, protected: false };
    }
    let objects: TlvNode[];
    try {
      objects = parseTlvList(body, { parseChildren: false });
    } catch (e) {
      throw this.fail('bad_response', `protected response is not a list of data objects: ${(e as Error).message}`);
    }
    let i = 0;
    const take = (tag: number): TlvNode | undefined => (objects[i]?.tag === tag ? objects[i++] : undefined);
    const do87 = take(0x87) ?? take(0x85);
    const do99 = take(0x99);
    const do8e = take(0x8e);
    if (i !== objects.length) throw this.fail('bad_response', 'unexpected data object in the protected response');
    if (!do8e) throw this.fail('missing_mac', 'the protected response has no MAC (DO 8E)');
    if (!do99) throw this.fail('missing_status', 'the protected response has no status word (DO 99)');
    const bs = this.cipher.blockSize;
    const macInput = pad(Buffer.concat([this.counter, ...(do87 ? [do87.raw] : []), do99.raw]), bs);
    const expected = this.cipher.mac(macInput);
    if (do8e.value.length !== expected.length || !timingSafeEqual(do8e.value, expected)) {
      throw this.fail('mac_mismatch', 'the response MAC does not verify: the data was altered or the keys differ');
    }
    if (do99.value.length !== 2) throw this.fail('bad_response', 'DO 99 must hold exactly two bytes');
    const innerSw = do99.value.readUInt16BE(0);
    let data: Buffer = Buffer.alloc(0);
    if (do87) {
      let cryptogram = do87.value;
      if (do87.tag === 0x87) {
        if (cryptogram[0] !== 0x01) throw this.fail('bad_response', 'DO 87 padding-content indicator is not 01');
        cryptogram = cryptogram.subarray(1);
      }
      if (cryptogram.length === 0 || cryptogram.length % bs !== 0) throw this.fail('bad_response', 'encrypted data is not a whole number of blocks');
      const plain = this.cipher.decrypt(this.counter, cryptogram);
      try {
        data = do87.tag === 0x87 ? unpad(plain) : plain;
      } catch {
        throw this.fail('bad_padding', 'decrypted response data has no valid padding');
      }
    }
    return { data, sw: innerSw, protected: true };
  }

  private fail(code: string, message: string): SecureMessagingError {
    // A response that fails SM checks leaves both sides out of step; ICAO requires a new session.
    this.closed = true;
    return new SecureMessagingError(code, message);
  }

  /** A Transmit that takes plain APDUs and sends them protected, for code that reads files. */
  wrap(transmit: Transmit): Transmit {
    return async (apdu: Buffer) => {
      const protectedApdu = this.protect(decodeCommandApdu(apdu));
      const r = this.unprotect(await transmit(protectedApdu));
      return encodeResponseApdu(r);
    };
  }
}
