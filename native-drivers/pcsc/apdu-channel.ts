/**
 * The response-level rules of ISO/IEC 7816-4 §5.3 (status bytes) and §5.1.1.1 (command chaining)
 * that every command needs, kept out of the command code:
 *  - 61xx: more response bytes are waiting; fetch them with GET RESPONSE (xx = how many, 00 = 256
 *    or more) and concatenate;
 *  - 6Cxx: wrong Le; send the same command again with Le = xx;
 *  - command chaining: a command whose data exceeds what the card or reader accepts in one APDU is
 *    sent as a chain, CLA bit 5 (0x10) set on every command but the last.
 */
import {
  ApduError,
  decodeCommandApdu,
  encodeCommandApdu,
  encodeResponseApdu,
  getResponse,
  parseResponseApdu,
  SW,
  type CommandApdu,
  type EncodeOptions,
  type ResponseApdu,
  type Transmit,
} from '../epassport/apdu.js';

export interface SendOptions extends EncodeOptions {
  /** Upper bound on the bytes collected through GET RESPONSE (default 65536 + one extra chunk). */
  readonly maxResponseBytes?: number;
}

const CHAIN_BIT = 0x10;
const DEFAULT_MAX_RESPONSE = 65536 + 256;

/**
 * Sends one command, following 6Cxx (once) and 61xx (until the card stops announcing more). Throws
 * `ApduError` for a response that is not an APDU; transport errors pass through untouched.
 */
export async function sendCommand(transmit: Transmit, command: CommandApdu, options: SendOptions = {}): Promise<ResponseApdu> {
  const maxResponse = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  let current = command;
  let response = parseResponseApdu(await transmit(encodeCommandApdu(current, options)));
  if (response.sw >> 8 === 0x6c) {
    // The card names the exact Le; a second 6Cxx would be a card bug, so it is returned as is.
    current = { ...current, le: response.sw & 0xff || 256 };
    response = parseResponseApdu(await transmit(encodeCommandApdu(current, options)));
  }
  if (response.sw >> 8 !== 0x61) return response;

  const parts: Buffer[] = [response.data];
  let total = response.data.length;
  let retriedLe = false;
  while (response.sw >> 8 === 0x61 || (response.sw >> 8 === 0x6c && !retriedLe)) {
    if (response.sw >> 8 === 0x6c) retriedLe = true;
    const ne = response.sw & 0xff || 256;
    response = parseResponseApdu(await transmit(encodeCommandApdu(getResponse(ne, command.cla))));
    parts.push(response.data);
    total += response.data.length;
    if (total > maxResponse) throw new ApduError('PROTOCOL', `the card kept answering 61xx past ${maxResponse} bytes`);
  }
  return { data: Buffer.concat(parts, total), sw: response.sw };
}

/**
 * Sends a command whose data may be longer than `maxCommandData` bytes as a chain. Each link but the
 * last goes without Le and must be answered 9000; a link that is refused ends the chain and its
 * response is returned (the card rejected the whole command).
 */
export async function sendChained(transmit: Transmit, command: CommandApdu, maxCommandData: number, options: SendOptions = {}): Promise<ResponseApdu> {
  if (!Number.isInteger(maxCommandData) || maxCommandData < 1 || maxCommandData > 65535) {
    throw new ApduError('INVALID_COMMAND', `maxCommandData must be 1..65535, got ${maxCommandData}`);
  }
  const data = command.data ?? Buffer.alloc(0);
  if (data.length <= maxCommandData) return sendCommand(transmit, command, options);
  if ((command.cla & 0x80) !== 0) throw new ApduError('INVALID_COMMAND', 'command chaining is defined for interindustry classes only (CLA bit 8 clear)');
  if ((command.cla & CHAIN_BIT) !== 0) throw new ApduError('INVALID_COMMAND', 'the command already has the chaining bit set');
  let offset = 0;
  while (data.length - offset > maxCommandData) {
    const link: CommandApdu = { cla: command.cla | CHAIN_BIT, ins: command.ins, p1: command.p1, p2: command.p2, data: data.subarray(offset, offset + maxCommandData) };
    const response = await sendCommand(transmit, link, options);
    if (response.sw !== SW.OK) return response;
    offset += maxCommandData;
  }
  return sendCommand(transmit, { ...command, data: data.subarray(offset) }, options);
}

/**
 * A `Transmit` that applies the 61xx/6Cxx rules underneath any APDU it is given, for layers that
 * speak raw bytes (a secure messaging wrapper sits on top of it: the card sends 61xx about the
 * protected response, so GET RESPONSE belongs below the unwrapping).
 */
export function withResponseHandling(transmit: Transmit, options: SendOptions = {}): Transmit {
  return async (apdu) => {
    const command = decodeCommandApdu(apdu);
    return encodeResponseApdu(await sendCommand(transmit, command, { ...options, forceExtended: command.extended }));
  };
}
