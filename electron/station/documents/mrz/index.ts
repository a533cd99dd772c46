export type { MrzCorrection, MrzError, MrzFields, MrzFormat, MrzResult, ParseMrzOptions } from './types.js';
export { parseMrz } from './parse-mrz.js';
export { checkDigit } from './check-digit.js';
export { normaliseMrzLines } from './normalise.js';
export { ICAO_STATE_CODES, ICAO_SPECIAL_CODES, isIcaoStateCode } from './icao-state-codes.js';
export { EXPIRY_YEARS_AHEAD } from './mrz-dates.js';
export {
  buildFrenchId,
  buildMrva,
  buildMrvb,
  buildMrz,
  buildTd1,
  buildTd2,
  buildTd3,
  MrzBuildError,
  toMrzText,
  type FrenchIdBuildFields,
  type MrzBuildFields,
} from './mrz-builder.js';
