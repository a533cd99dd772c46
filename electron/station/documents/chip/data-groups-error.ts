/**
 * The one error the LDS data-group readers raise (EF.COM, DG1, DG2, DG11, DG12, DG14, DG15). It is a
 * `ChipDataError`, so callers and the fuzz tests can tell "the chip's file is bad" from a bug.
 */
import { ChipDataError } from './errors.js';

export class DataGroupError extends ChipDataError {
  constructor(code: string, message: string, offset?: number) {
    super(code, message, offset);
    this.name = 'DataGroupError';
  }
}

/**
 * Runs a reader and re-raises any lower-level `ChipDataError` (a bad TLV, a bad DER field) as a
 * `DataGroupError` that names the file, keeping its code and offset.
 */
export function readingDataGroup<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof DataGroupError) throw e;
    if (e instanceof ChipDataError) throw new DataGroupError(e.code, `${what}: ${e.message.replace(/ \(at byte \d+\)$/, '')}`, e.offset);
    throw e;
  }
}
