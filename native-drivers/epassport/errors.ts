/**
 * Every error thrown by the chip code while reading chip or PKI data is a `ChipDataError`, so a caller
 * (and the fuzz tests) can tell "this input is bad" apart from a programming error.
 */
export class ChipDataError extends Error {
  /** A stable machine-readable reason, e.g. `truncated_value`, `unexpected_tag`. */
  readonly code: string;
  /** Byte offset in the outermost input where the problem was found, when known. */
  readonly offset: number | undefined;
  constructor(code: string, message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.name = 'ChipDataError';
    this.code = code;
    this.offset = offset;
  }
}
