/**
 * Chip Authentication v1 with ECDH on the chip's side (ICAO 9303-11 §6.2): the terminal sends an
 * ephemeral public key, both sides compute K = x(SK · PK) with the chip's static key (whose public
 * half DG14 carries), derive new session keys KDF(K, 1), KDF(K, 2) and restart secure messaging with
 * SSC = 0. 3DES uses MSE:Set KAT (00 22 41 A6, DO 91 = the key); AES uses MSE:Set AT (00 22 41 A4,
 * DO 80 = the CA OID) and GENERAL AUTHENTICATE (7C { 80 key }). The answer still travels under the
 * old keys; the new ones protect the next command. A cloned chip (the `clonedChip` fault) computes
 * with another key, so the terminal's first command under the new keys fails its MAC check.
 */
import { createECDH } from 'node:crypto';
import { SW, decodeOidValue, encodeTlv, findChild, kdf, KDF_COUNTER, parseTlv, parseTlvList, type CommandApdu, type ResponseApdu } from '../../../epassport/index.js';
import type { AppletContext, AppletExtension } from '../plain-epassport-applet.js';
import { ChipSecureChannel } from './chip-secure-channel.js';
import type { ChipAuthenticationKey } from './personalise.js';

const respond = (sw: number, data: Buffer = Buffer.alloc(0)): ResponseApdu => ({ data, sw });

export class ChipAuthentication implements AppletExtension {
  private selected = false;

  constructor(private readonly key: ChipAuthenticationKey) {}

  reset(): void {
    this.selected = false;
  }

  handle(command: CommandApdu, context: AppletContext): ResponseApdu | undefined {
    const mse = command.ins === 0x22 && command.p1 === 0x41;
    if (mse && command.p2 === 0xa6) return this.setKeyAgreementTemplate(command, context);
    if (mse && command.p2 === 0xa4) return this.setAuthenticationTemplate(command, context);
    if (command.ins === 0x86 && this.selected) return this.generalAuthenticate(command, context);
    return undefined;
  }

  private objects(command: CommandApdu) {
    try {
      return parseTlvList(command.data ?? Buffer.alloc(0), { parseChildren: false });
    } catch {
      return undefined;
    }
  }

  /** MSE:Set KAT, 3DES only (9303-11 §6.2.4.1). */
  private setKeyAgreementTemplate(command: CommandApdu, context: AppletContext): ResponseApdu {
    this.selected = false;
    if (!context.secureChannel) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    if (this.key.cipher !== '3DES') return respond(SW.CONDITIONS_NOT_SATISFIED);
    const publicKey = this.objects(command)?.find((o) => o.tag === 0x91)?.value;
    if (!publicKey) return respond(SW.INCORRECT_DATA);
    return this.agree(publicKey, context) ?? respond(SW.OK);
  }

  /** MSE:Set AT for Chip Authentication (9303-11 §6.2.4.2): selects the protocol for the GENERAL AUTHENTICATE. */
  private setAuthenticationTemplate(command: CommandApdu, context: AppletContext): ResponseApdu {
    this.selected = false;
    if (!context.secureChannel) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    const oid = this.objects(command)?.find((o) => o.tag === 0x80)?.value;
    if (!oid) return respond(SW.INCORRECT_DATA);
    let protocol: string;
    try {
      protocol = decodeOidValue(oid);
    } catch {
      return respond(SW.INCORRECT_DATA);
    }
    if (protocol !== this.key.protocol) return respond(SW.REFERENCED_DATA_NOT_FOUND);
    this.selected = true;
    return respond(SW.OK);
  }

  private generalAuthenticate(command: CommandApdu, context: AppletContext): ResponseApdu {
    this.selected = false;
    if (!context.secureChannel) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    let publicKey: Buffer | undefined;
    try {
      const root = parseTlv(command.data ?? Buffer.alloc(0));
      publicKey = root.tag === 0x7c ? findChild(root, 0x80)?.value : undefined;
    } catch {
      publicKey = undefined;
    }
    if (!publicKey) return respond(SW.INCORRECT_DATA);
    return this.agree(publicKey, context) ?? respond(SW.OK, encodeTlv(0x7c, Buffer.alloc(0)));
  }

  /** Switches the session to keys from K = x(SK_chip · PK_terminal); an error response when the key is unusable. */
  private agree(terminalKey: Buffer, context: AppletContext): ResponseApdu | undefined {
    let secret: Buffer;
    try {
      const ecdh = createECDH(this.key.curve.nodeName);
      ecdh.setPrivateKey(this.key.privateKey);
      secret = ecdh.computeSecret(terminalKey);
    } catch {
      return respond(SW.INCORRECT_DATA);
    }
    const { cipher } = this.key;
    context.openSecureChannel(ChipSecureChannel.withKeys(cipher, kdf(secret, KDF_COUNTER.enc, cipher), kdf(secret, KDF_COUNTER.mac, cipher)));
    return undefined;
  }
}
