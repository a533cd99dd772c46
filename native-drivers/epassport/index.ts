/**
 * The ePassport access protocol (ICAO 9303-11) and the ISO/IEC 7816-4 layer under it, as pure
 * functions over an injected `Transmit`: used by the terminal (the station, over PC/SC) and by the
 * simulated chip. Plain Node and `node:crypto` only; importing this file loads no native module,
 * which is why the station imports it directly rather than through `native-drivers/index.ts`.
 */
export * from './errors.js';
export * from './tlv.js';
export * from './object-identifier.js';
export * from './apdu.js';
export * from './padding.js';
export * from './des.js';
export * from './cmac.js';
export * from './key-derivation.js';
export * from './secure-messaging.js';
export * from './bac.js';
export * from './card-access.js';
export * from './ec-curves.js';
export * from './ec-point.js';
export * from './pace.js';
export * from './chip-authentication.js';
