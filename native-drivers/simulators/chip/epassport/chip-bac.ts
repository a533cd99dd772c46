/**
 * Basic Access Control on the chip's side (ICAO 9303-11 §4.3): GET CHALLENGE hands out RND.IC;
 * EXTERNAL AUTHENTICATE checks the terminal's MAC and its echo of RND.IC, answers E.IC ‖ M.IC with
 * R = RND.IC ‖ RND.IFD ‖ K.IC inside, and opens 3DES secure messaging with the session keys and the
 * SSC both sides derive (the terminal's `deriveBacSession`). A failed check answers 6300 and uses up
 * the challenge.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SW, deriveBacKeys, deriveBacSession, pad, retailMac, tdesDecrypt, tdesEncrypt, type BacKeys, type CommandApdu, type ResponseApdu } from '../../../epassport/index.js';
import type { AppletContext, AppletExtension } from '../plain-epassport-applet.js';
import { ChipSecureChannel } from './chip-secure-channel.js';

export const INS = { GET_CHALLENGE: 0x84, EXTERNAL_AUTHENTICATE: 0x82 } as const;

const respond = (sw: number, data: Buffer = Buffer.alloc(0)): ResponseApdu => ({ data, sw });

export interface ChipBacOptions {
  /** The MRZ information the chip's keys come from. */
  readonly mrzInformation: string;
  readonly random?: (n: number) => Buffer;
  /** Called when BAC succeeds or fails, for logs and tests. */
  readonly onOutcome?: (outcome: 'established' | 'refused') => void;
}

export class ChipBac implements AppletExtension {
  private readonly keys: BacKeys;
  private readonly random: (n: number) => Buffer;
  private challenge: Buffer | undefined;

  constructor(private readonly options: ChipBacOptions) {
    this.keys = deriveBacKeys(options.mrzInformation);
    this.random = options.random ?? randomBytes;
  }

  reset(): void {
    this.challenge = undefined;
  }

  handle(command: CommandApdu, context: AppletContext): ResponseApdu | undefined {
    if ((command.cla & 0x10) !== 0) return undefined;
    if (command.ins === INS.GET_CHALLENGE && command.p1 === 0 && command.p2 === 0) {
      if (command.le !== 8) return respond(SW.WRONG_LENGTH);
      this.challenge = this.random(8);
      return respond(SW.OK, this.challenge);
    }
    if (command.ins === INS.EXTERNAL_AUTHENTICATE && command.p1 === 0 && command.p2 === 0) return this.externalAuthenticate(command, context);
    return undefined;
  }

  private externalAuthenticate(command: CommandApdu, context: AppletContext): ResponseApdu {
    const rndIc = this.challenge;
    this.challenge = undefined;
    if (!rndIc) return respond(SW.CONDITIONS_NOT_SATISFIED);
    const data = command.data ?? Buffer.alloc(0);
    if (data.length !== 40) return respond(SW.WRONG_LENGTH);
    const eIfd = data.subarray(0, 32);
    const mIfd = data.subarray(32);
    const refuse = () => {
      this.options.onOutcome?.('refused');
      return respond(SW.AUTHENTICATION_FAILED);
    };
    if (!timingSafeEqual(retailMac(this.keys.kMac, pad(eIfd, 8)), mIfd)) return refuse();
    const s = tdesDecrypt(this.keys.kEnc, eIfd);
    const rndIfd = s.subarray(0, 8);
    if (!s.subarray(8, 16).equals(rndIc)) return refuse();
    const kIfd = s.subarray(16, 32);
    const kIc = this.random(16);
    const eIc = tdesEncrypt(this.keys.kEnc, Buffer.concat([rndIc, rndIfd, kIc]));
    const mIc = retailMac(this.keys.kMac, pad(eIc, 8));
    const session = deriveBacSession(kIfd, kIc, rndIc, rndIfd);
    // The answer goes out in plain: the channel applies from the next command on.
    context.openSecureChannel(ChipSecureChannel.withKeys('3DES', session.ksEnc, session.ksMac, session.ssc), ['secure-messaging']);
    this.options.onOutcome?.('established');
    return respond(SW.OK, Buffer.concat([eIc, mIc]));
  }
}
