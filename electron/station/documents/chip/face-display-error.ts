/**
 * The one error converting a chip's face image for display raises (face-display.ts). Everything that
 * can go wrong on the way — a JP2 file without a codestream, a header announcing 60 000 × 60 000
 * pixels, a codestream cut short, the WebAssembly decoder giving up or trapping — ends here, with a
 * code a caller can branch on and a message an officer or technician can read.
 */

export type FaceDecodeErrorCode =
  /** Not a JP2 file nor a JPEG 2000 codestream. */
  | 'not_jpeg2000'
  /** The bytes end before the header or a box they announce. */
  | 'truncated'
  /** The header or the box structure contradicts itself, or the decoder found the data broken. */
  | 'corrupt'
  /** Bigger than the station decodes (input bytes, width × height, components). */
  | 'too_large'
  /** Valid JPEG 2000 the station does not show (colour layout, bit depth, palette, …). */
  | 'unsupported'
  /** The decoder could not be loaded (missing package or WebAssembly file). */
  | 'decoder_unavailable';

export class FaceDecodeError extends Error {
  constructor(
    readonly code: FaceDecodeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FaceDecodeError';
  }
}
