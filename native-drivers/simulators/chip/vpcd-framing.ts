/**
 * The vpcd wire protocol (vsmartcard's virtual PC/SC driver): every message in either direction is a
 * 2-byte big-endian length followed by that many bytes. From vpcd to the card, a 1-byte message is a
 * control code (0 power off, 1 power on, 2 reset, 4 send the ATR); anything longer is a command APDU.
 * The card answers the ATR request and every APDU with one message; power codes get no answer.
 */

export const VPCD_DEFAULT_PORT = 35963;

export const VpcdControl = {
  POWER_OFF: 0,
  POWER_ON: 1,
  RESET: 2,
  GET_ATR: 4,
} as const;

export type VpcdMessage =
  | { readonly kind: 'power-off' }
  | { readonly kind: 'power-on' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'get-atr' }
  | { readonly kind: 'unknown-control'; readonly code: number }
  | { readonly kind: 'apdu'; readonly apdu: Buffer }
  /** vpcd never sends an empty message; one is reported rather than dropped. */
  | { readonly kind: 'empty' };

export class VpcdFramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VpcdFramingError';
  }
}

/** Prefixes `payload` with its 2-byte big-endian length. Throws `VpcdFramingError` above 65535 bytes. */
export function encodeVpcdFrame(payload: Buffer): Buffer {
  if (payload.length > 0xffff) throw new VpcdFramingError(`a vpcd message carries at most 65535 bytes, got ${payload.length}`);
  const out = Buffer.alloc(payload.length + 2);
  out.writeUInt16BE(payload.length, 0);
  payload.copy(out, 2);
  return out;
}

export function classifyVpcdPayload(payload: Buffer): VpcdMessage {
  if (payload.length === 0) return { kind: 'empty' };
  if (payload.length > 1) return { kind: 'apdu', apdu: payload };
  const code = payload[0] as number;
  switch (code) {
    case VpcdControl.POWER_OFF:
      return { kind: 'power-off' };
    case VpcdControl.POWER_ON:
      return { kind: 'power-on' };
    case VpcdControl.RESET:
      return { kind: 'reset' };
    case VpcdControl.GET_ATR:
      return { kind: 'get-atr' };
    default:
      return { kind: 'unknown-control', code };
  }
}

/**
 * Reassembles length-prefixed messages from a TCP stream, however it is chopped: a chunk may end
 * inside the 2-byte length, inside the payload, or carry several messages. Buffers at most one
 * incomplete message (≤ 65537 bytes), so arbitrary input cannot grow it without bound.
 */
export class VpcdFrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** Bytes held while waiting for the rest of a message. */
  get bufferedBytes(): number {
    return this.pending.length;
  }

  /** Feeds received bytes; returns the payloads of the messages they complete, in order. */
  push(chunk: Buffer): Buffer[] {
    let data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    while (data.length >= 2) {
      const length = data.readUInt16BE(0);
      if (data.length < 2 + length) break;
      // Copy: the socket may reuse its buffer, and callers keep payloads beyond this call.
      out.push(Buffer.from(data.subarray(2, 2 + length)));
      data = data.subarray(2 + length);
    }
    this.pending = Buffer.from(data);
    return out;
  }

  reset(): void {
    this.pending = Buffer.alloc(0);
  }
}
