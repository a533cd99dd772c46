/**
 * The station's chip code raises the same `ChipDataError` as the ePassport protocol in the drivers
 * (one class, so `instanceof ChipDataError` holds for a bad TLV from the driver and a bad certificate
 * from the PKI code alike). It is defined with the protocol because the drivers cannot import the station.
 */
export { ChipDataError } from '../../../../native-drivers/epassport/errors.js';
