/**
 * What a document-reader frame decoder hands back. Every wire protocol (3M RTE, Desko CUTE, …)
 * produces the same two outcomes so the station never needs to know which reader is attached.
 */

/** Why a run of bytes was not accepted as a document. Stable: counters and diagnostics key on it. */
export type RejectCode =
  | 'garbage' // bytes outside any frame (before a start byte)
  | 'bad-length' // RTE length field impossible (reserved bits set, below the minimum)
  | 'oversize' // the frame would not fit in the decoder's buffer
  | 'bad-header' // RTE source/mode bytes are not 'O' 'U'
  | 'missing-stx'
  | 'missing-etx'
  | 'missing-eod'
  | 'non-printable' // a byte inside the MRZ data that is neither printable ASCII nor CR
  | 'bad-bcc'
  | 'bad-lines' // data is not the expected number or size of CR-terminated lines
  | 'partial-frame' // the line went quiet in the middle of a frame
  | 'internal'; // a decoder bug; reported rather than thrown

export interface MrzFrame {
  kind: 'mrz';
  /** MRZ lines, top to bottom, padding removed, empty leading lines dropped. Personal data: never log. */
  lines: string[];
  /** The whole frame as received, start byte to last byte. */
  raw: Buffer;
}

export interface RejectedFrame {
  kind: 'rejected';
  code: RejectCode;
  /** Human-readable and safe to log: it names byte values and offsets, never MRZ text. */
  reason: string;
  /** The bytes the decision was made on (for garbage, a bounded sample). May hold personal data. */
  raw: Buffer;
}

export type DecodeResult = MrzFrame | RejectedFrame;

/** The incremental decoder contract every document-reader framing implements. */
export interface MrzFrameDecoder {
  /** Feed bytes as they arrive. Never throws; returns what those bytes completed, in order. */
  push(chunk: Uint8Array): DecodeResult[];
  /**
   * Reject whatever is buffered if no byte has arrived for the inter-byte timeout. `push` also does
   * this before appending, so a late timer cannot glue two reads together.
   */
  flushStale(now?: number): DecodeResult[];
  /** Reject whatever is buffered now (e.g. the port went away). */
  flush(): DecodeResult[];
  /** When `flushStale` would next have something to reject; undefined when nothing is pending. */
  readonly pendingDeadline: number | undefined;
  /** Bytes held right now; never more than the configured maximum. */
  readonly bufferedBytes: number;
}
