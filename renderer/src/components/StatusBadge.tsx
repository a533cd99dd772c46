import type { CheckStatus, DeviceStatus } from '../contract.js';

/**
 * Status is never colour alone: every badge carries a distinct glyph and shape, and the caller always
 * prints the status word next to it.
 */
const CHECK_GLYPHS: Record<CheckStatus, string> = { pass: '✓', fail: '✕', warn: '!', pending: '…', not_possible: '–' };
const DEVICE_GLYPHS: Record<DeviceStatus, string> = { ready: '✓', connecting: '…', error: '✕', absent: '–' };

export function CheckGlyph({ status }: { status: CheckStatus }) {
  return (
    <span className={`glyph glyph-${status}`} aria-hidden="true">
      {CHECK_GLYPHS[status]}
    </span>
  );
}

export function DeviceGlyph({ status }: { status: DeviceStatus }) {
  return (
    <span className={`glyph glyph-device-${status}`} aria-hidden="true">
      {DEVICE_GLYPHS[status]}
    </span>
  );
}
