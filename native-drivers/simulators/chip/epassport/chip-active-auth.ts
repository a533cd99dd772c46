/**
 * Active Authentication on the chip's side (ICAO 9303-11 §6.1): INTERNAL AUTHENTICATE 00 88 00 00
 * with an 8-byte challenge RND.IFD, inside an access-controlled session. The private key never leaves
 * the chip; a cloned chip copies DG15 but not the key, which is what the `clonedChip` fault simulates.
 *
 *   RSA: ISO/IEC 9796-2 digital signature scheme 1 with SHA-1 (partial message recovery), as 9303-11
 *   prescribes: F = 6A ‖ M1 ‖ SHA-1(M1 ‖ RND.IFD) ‖ BC, signature = F^d mod n, with M1 a random
 *   nonce that fills the modulus (k/8 − 22 bytes).
 *   ECDSA: the plain signature r ‖ s (BSI TR-03111) over SHA-256(RND.IFD), the algorithm DG14's
 *   ActiveAuthenticationInfo announces.
 */
import { constants, createHash, privateEncrypt, randomBytes, sign } from 'node:crypto';
import { SW, type CommandApdu, type ResponseApdu } from '../../../epassport/index.js';
import type { AppletContext, AppletExtension } from '../plain-epassport-applet.js';
import type { ActiveAuthenticationKey } from './personalise.js';

const respond = (sw: number, data: Buffer = Buffer.alloc(0)): ResponseApdu => ({ data, sw });

/** ISO/IEC 9796-2 scheme 1, SHA-1, partial recovery: the message representative F. */
export function iso9796Scheme1Representative(modulusBytes: number, m1: Buffer, m2: Buffer): Buffer {
  if (m1.length !== modulusBytes - 22) throw new RangeError(`M1 must be ${modulusBytes - 22} bytes for a ${modulusBytes * 8}-bit modulus`);
  const hash = createHash('sha1').update(m1).update(m2).digest();
  return Buffer.concat([Buffer.from([0x6a]), m1, hash, Buffer.from([0xbc])]);
}

export class ChipActiveAuthentication implements AppletExtension {
  constructor(
    private readonly key: ActiveAuthenticationKey,
    private readonly random: (n: number) => Buffer = randomBytes,
  ) {}

  handle(command: CommandApdu, context: AppletContext): ResponseApdu | undefined {
    if (command.ins !== 0x88 || (command.cla & 0x10) !== 0) return undefined;
    if (command.p1 !== 0 || command.p2 !== 0) return respond(SW.INCORRECT_P1P2);
    if (!context.hasRight('secure-messaging') || !context.secureChannel) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    const challenge = command.data ?? Buffer.alloc(0);
    if (challenge.length !== 8 || command.le === undefined) return respond(SW.WRONG_LENGTH);
    if (this.key.algorithm === 'rsa') {
      const f = iso9796Scheme1Representative(this.key.modulusBytes, this.random(this.key.modulusBytes - 22), challenge);
      return respond(SW.OK, privateEncrypt({ key: this.key.privateKey, padding: constants.RSA_NO_PADDING }, f));
    }
    return respond(SW.OK, sign('sha256', challenge, { key: this.key.privateKey, dsaEncoding: 'ieee-p1363' }));
  }
}
