/**
 * Main and the station utility process log through the station's logger, so both write the same
 * JSON lines with the same redaction of secret and personal fields.
 */
export { createLogger, silentLogger, type Logger } from '../station/log.js';

/** The message of anything thrown, for a log field. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
