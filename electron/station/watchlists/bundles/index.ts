/** Signed watch-list bundles: the format, the trust store, verification and import. See FORMAT.md. */
export { applyBundle, type ApplyOptions, type ApplyResult, type BundleMeta, type ListChange, type ListTarget } from './apply.js';
export { BUNDLE_ERROR_CODES, BundleError, isBundleError, type BundleErrorCode } from './bundle-error.js';
export { LIST_KINDS, listIdSchema, listKindSchema, MAX_HEADER_BYTES, type BundleHeader, type Compression, type ListKind, type PayloadFormat } from './bundle-header.js';
export {
  createBundle,
  DEFAULT_KEY_FIELDS,
  openPayload,
  payloadRemovals,
  payloadRows,
  readBundleHeader,
  verifyBundle,
  type BundleStart,
  type CreateBundleOptions,
  type CreatedBundle,
  type CurrentVersion,
  type VerifiedBundle,
  type VerifyOptions,
} from './bundle.js';
export { listFreshness, type ListFreshness } from './freshness.js';
export type { BundleKey, BundleRow, PayloadEntry } from './payload-rows.js';
export {
  addTrustedKey,
  keyIdOf,
  loadTrustStore,
  parsePublicKey,
  rawEd25519PublicKey,
  revokeTrustedKey,
  TRUST_FILE,
  trustFilePath,
  TrustStore,
  TrustStoreError,
  type BundleTrust,
  type TrustedKey,
} from './trust-keys.js';
