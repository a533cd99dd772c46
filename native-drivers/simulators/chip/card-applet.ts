/**
 * What a simulated card is to the transport that carries it (vpcd today, an in-process fake in
 * unit tests): it answers command APDUs and forgets its session when the field drops.
 */
export interface CardApplet {
  /** Answers one command APDU with a response APDU (data ‖ SW1 SW2). */
  process(apdu: Buffer): Buffer | Promise<Buffer>;
  /** Power-on, reset or power-off: volatile state (selection, sessions) is gone. */
  reset(): void;
}

/** A `Transmit` straight into an applet, for tests that need no PC/SC stack. */
export function appletTransmit(applet: CardApplet): (apdu: Buffer) => Promise<Buffer> {
  return async (apdu) => Buffer.from(await applet.process(apdu));
}
