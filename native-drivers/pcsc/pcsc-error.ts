/**
 * The one error type the PC/SC transport throws. The code says what the station should tell the
 * officer (start the smart card service, plug in the reader, place the document, hold it still);
 * `scardCode` keeps the PC/SC return value (winscard `SCARD_*`) for the technician's log.
 */

export type PcscErrorCode =
  /** pcscd is not running or not reachable (or this transport was closed). */
  | 'NO_SERVICE'
  /** No reader (matching the name asked for) is attached, or it went away. */
  | 'NO_READER'
  /** No card is in the field. */
  | 'NO_CARD'
  /** The card left the field (or was reset by someone else) during a session: its state is lost. */
  | 'REMOVED'
  /** The reader or card failed an exchange while the card stayed present. */
  | 'TRANSMIT_FAILED'
  /** An operation did not finish in time. */
  | 'TIMEOUT';

export class PcscError extends Error {
  readonly code: PcscErrorCode;
  /** The PC/SC return code (e.g. 0x80100069 SCARD_W_REMOVED_CARD), when one caused this. */
  readonly scardCode: number | undefined;
  constructor(code: PcscErrorCode, message: string, options: { scardCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PcscError';
    this.code = code;
    this.scardCode = options.scardCode;
  }
}

export const SCARD = {
  E_CANCELLED: 0x80100002,
  E_INVALID_HANDLE: 0x80100003,
  E_INSUFFICIENT_BUFFER: 0x80100008,
  E_UNKNOWN_READER: 0x80100009,
  E_TIMEOUT: 0x8010000a,
  E_SHARING_VIOLATION: 0x8010000b,
  E_NO_SMARTCARD: 0x8010000c,
  E_PROTO_MISMATCH: 0x8010000f,
  E_NOT_READY: 0x80100010,
  E_SYSTEM_CANCELLED: 0x80100012,
  F_COMM_ERROR: 0x80100013,
  E_NOT_TRANSACTED: 0x80100016,
  E_READER_UNAVAILABLE: 0x80100017,
  E_NO_SERVICE: 0x8010001d,
  E_SERVICE_STOPPED: 0x8010001e,
  E_NO_READERS_AVAILABLE: 0x8010002e,
  E_COMM_DATA_LOST: 0x8010002f,
  W_UNSUPPORTED_CARD: 0x80100065,
  W_UNRESPONSIVE_CARD: 0x80100066,
  W_UNPOWERED_CARD: 0x80100067,
  W_RESET_CARD: 0x80100068,
  W_REMOVED_CARD: 0x80100069,
} as const;

/** The `(0x8010000c)` the binding appends to its messages (`SCardTransmit error: …(0x80100069)`). */
export function scardCodeOf(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const match = /\(0x([0-9a-f]{8})\)\s*$/i.exec(message);
  return match ? Number.parseInt(match[1] as string, 16) : undefined;
}

/** The transport code for a PC/SC return code; `fallback` for codes that say nothing specific. */
export function codeForScard(scard: number | undefined, fallback: PcscErrorCode): PcscErrorCode {
  switch (scard) {
    case SCARD.E_NO_SERVICE:
    case SCARD.E_SERVICE_STOPPED:
    // pcsc-lite's "RPC transport error": the client lost its socket to pcscd.
    case SCARD.F_COMM_ERROR:
      return 'NO_SERVICE';
    case SCARD.E_UNKNOWN_READER:
    case SCARD.E_READER_UNAVAILABLE:
    case SCARD.E_NO_READERS_AVAILABLE:
      return 'NO_READER';
    case SCARD.E_NO_SMARTCARD:
    case SCARD.W_UNRESPONSIVE_CARD:
    case SCARD.W_UNPOWERED_CARD:
      return 'NO_CARD';
    case SCARD.W_REMOVED_CARD:
    case SCARD.W_RESET_CARD:
      return 'REMOVED';
    case SCARD.E_TIMEOUT:
      return 'TIMEOUT';
    default:
      return fallback;
  }
}

/** Wraps whatever the binding threw (an `Error` with the PC/SC code in its message) as a `PcscError`. */
export function toPcscError(error: unknown, what: string, fallback: PcscErrorCode): PcscError {
  if (error instanceof PcscError) return error;
  const scardCode = scardCodeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  return new PcscError(codeForScard(scardCode, fallback), `${what}: ${detail}`, { ...(scardCode === undefined ? {} : { scardCode }), cause: error });
}
