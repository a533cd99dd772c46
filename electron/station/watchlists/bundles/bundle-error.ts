/**
 * Every way a watch-list bundle can be refused, as a code a program can branch on and a message an
 * officer or technician can read. Nothing else is thrown by the bundle reader: a parser bug that
 * raised a TypeError would otherwise surface as "undefined is not a function" at the booth.
 */

export const BUNDLE_ERROR_CODES = [
  /** The file is not a bundle at all (wrong first bytes). */
  'BAD_MAGIC',
  /** A bundle of a format version this station does not understand. */
  'UNSUPPORTED_VERSION',
  /** The header is larger than any real header (a corrupt or hostile file). */
  'HEADER_TOO_LARGE',
  /** The header is not the canonical JSON of a valid header. */
  'MALFORMED_HEADER',
  /** The file ends before the header, signature or payload does. */
  'TRUNCATED',
  /** Bytes after the end of the payload. */
  'TRAILING_DATA',
  /** Signed by a key this station does not trust. */
  'UNKNOWN_KEY',
  /** Signed by a key that was revoked on this station. */
  'KEY_REVOKED',
  /** Signed by a trusted key that may not publish this kind of list. */
  'KIND_NOT_ALLOWED',
  /** The signature does not match the header. */
  'BAD_SIGNATURE',
  /** The payload bytes are not the ones the header was signed over. */
  'PAYLOAD_HASH_MISMATCH',
  /** Authentic payload bytes that do not decode as the header says (a publisher bug). */
  'MALFORMED_PAYLOAD',
  /** The bundle's expiry time has passed. */
  'EXPIRED',
  /** The bundle is not newer than the list in force. */
  'OLDER_VERSION',
  /** A delta whose base is not the version in force (missing updates in between). */
  'VERSION_GAP',
  /** A bundle for one kind of list offered to the store of the other kind. */
  'WRONG_KIND',
  /** The bundle file was replaced or rewritten while it was being imported. */
  'FILE_CHANGED',
  /** The bundle file cannot be read (missing, permission, I/O error). */
  'UNREADABLE',
  /** A payload was requested for a bundle that did not go through verifyBundle. */
  'NOT_VERIFIED',
  /** The list store refused or failed to apply a verified bundle. */
  'APPLY_FAILED',
  /** createBundle was given options or input it cannot turn into a bundle. */
  'INVALID_INPUT',
] as const;

export type BundleErrorCode = (typeof BUNDLE_ERROR_CODES)[number];

export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BundleError';
  }
}

export const isBundleError = (e: unknown): e is BundleError => e instanceof BundleError;

/** Wraps an unexpected exception so that callers only ever see BundleError. */
export function asBundleError(e: unknown, code: BundleErrorCode, context: string): BundleError {
  if (e instanceof BundleError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new BundleError(code, `${context}: ${detail}`, { cause: e });
}
