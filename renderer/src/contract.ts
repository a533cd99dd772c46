/**
 * The renderer's only door to the contract. Everything imported from `electron/contract/` here is a
 * type: the renderer bundle must never pull in zod or station code. The few runtime lists the UI
 * needs (reason codes, roles, review statuses) are re-declared below and typed as the contract's own tuples, so a
 * change in the contract that is not mirrored here fails the type check instead of drifting.
 */
import type {
  BorderpostApi,
  CallInput,
  CallName,
  CallOutput,
  Check,
  ContractErrorShape,
  Device,
  ErrorCode,
  EventName,
  EventPayload,
  Inspection,
  Role,
  SessionState,
  AppInfo,
  User,
  AuditVerifyResult,
  TravelDocument,
  Decision,
  ReviewCase,
  WatchlistStatus,
} from '../../electron/contract/index.js';
import type {
  ADMIN_ROLES as ContractAdminRoles,
  BOOTH_ROLES as ContractBoothRoles,
  CHECK_STATUSES as ContractCheckStatuses,
  DECISIONS as ContractDecisions,
  DEVICE_ROLES as ContractDeviceRoles,
  DIRECTIONS as ContractDirections,
  ERROR_CODES as ContractErrorCodes,
  REFUSAL_REASONS as ContractRefusalReasons,
  REVIEW_ROLES as ContractReviewRoles,
  REVIEW_SOURCES as ContractReviewSources,
  REVIEW_STATUSES as ContractReviewStatuses,
  REVIEW_VERDICTS as ContractReviewVerdicts,
  ROLES as ContractRoles,
  SEVERITIES as ContractSeverities,
  SIMULATED_CHIPS as ContractSimulatedChips,
  SimulatedChip,
} from '../../electron/contract/index.js';

export type {
  BorderpostApi,
  CallInput,
  CallName,
  CallOutput,
  Check,
  ContractErrorShape,
  Device,
  ErrorCode,
  EventName,
  EventPayload,
  Inspection,
  Role,
  SessionState,
  AppInfo,
  User,
  AuditVerifyResult,
  TravelDocument,
  Decision,
  ReviewCase,
  WatchlistStatus,
};

export type CheckStatus = Check['status'];
export type Outcome = Decision['outcome'];
export type Direction = Decision['direction'];
export type RefusalReason = NonNullable<Decision['reasonCode']>;
export type DeviceStatus = Device['status'];
export type DeviceKind = Device['kind'];
export type Sex = TravelDocument['sex'];
export type ReviewStatus = ReviewCase['status'];
export type ReviewVerdict = ReviewCase['decisions'][number]['verdict'];
export type ReviewSource = ReviewCase['source'];
export type Severity = ReviewCase['severity'];
export type EvidenceLine = ReviewCase['explanation'][number];
export type WatchlistKind = WatchlistStatus['kind'];

export const ROLES: typeof ContractRoles = ['officer', 'supervisor', 'technician', 'admin'];
export const BOOTH_ROLES: typeof ContractBoothRoles = ['officer', 'supervisor'];
export const REVIEW_ROLES: typeof ContractReviewRoles = ['supervisor'];
export const DEVICE_ROLES: typeof ContractDeviceRoles = ['technician', 'admin'];
export const ADMIN_ROLES: typeof ContractAdminRoles = ['admin'];
export const CHECK_STATUSES: typeof ContractCheckStatuses = ['pass', 'fail', 'warn', 'pending', 'not_possible'];
export const DECISIONS: typeof ContractDecisions = ['admit', 'refuse', 'refer'];
export const DIRECTIONS: typeof ContractDirections = ['entry', 'exit'];
export const REFUSAL_REASONS: typeof ContractRefusalReasons = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];
export const ERROR_CODES: typeof ContractErrorCodes = [
  'UNKNOWN_CALL',
  'INVALID_INPUT',
  'INVALID_OUTPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'LOCKED',
  'BAD_CREDENTIALS',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'INTERNAL',
];
export const REVIEW_STATUSES: typeof ContractReviewStatuses = ['open', 'awaiting_second', 'confirmed', 'dismissed'];
export const REVIEW_VERDICTS: typeof ContractReviewVerdicts = ['confirm', 'dismiss'];
export const REVIEW_SOURCES: typeof ContractReviewSources = ['watchlist.documents', 'watchlist.persons', 'referral', 'document.check'];
export const SEVERITIES: typeof ContractSeverities = ['low', 'medium', 'high'];
export const SIMULATED_CHIPS: typeof ContractSimulatedChips = ['genuine', 'none', 'wrongAccessKey', 'tamperedDataGroup', 'expiredDsCertificate', 'revokedDsCertificate', 'unknownCsca', 'clonedChip'];
export type { SimulatedChip };
export const DEVICE_STATUSES = ['ready', 'connecting', 'error', 'absent'] as const satisfies readonly DeviceStatus[];
export const DEVICE_KINDS = ['document-reader', 'chip-reader', 'fingerprint', 'camera'] as const satisfies readonly DeviceKind[];
export const WATCHLIST_KINDS = ['documents', 'persons'] as const satisfies readonly WatchlistKind[];
/** The inspection checks that carry a watch-list result; on `fail` their `detail` is the officer's instruction. */
export const WATCHLIST_CHECK_IDS = ['watchlist.documents', 'watchlist.persons'] as const satisfies readonly ReviewSource[];

// Exhaustiveness: the lists declared with `satisfies` above must name every member of the contract's enums.
type Exhaustive<All, Listed extends readonly unknown[]> = [Exclude<All, Listed[number]>] extends [never] ? true : never;
const deviceStatusesComplete: Exhaustive<DeviceStatus, typeof DEVICE_STATUSES> = true;
const deviceKindsComplete: Exhaustive<DeviceKind, typeof DEVICE_KINDS> = true;
const watchlistKindsComplete: Exhaustive<WatchlistKind, typeof WATCHLIST_KINDS> = true;
void deviceStatusesComplete;
void deviceKindsComplete;
void watchlistKindsComplete;

export function roleCan(role: Role, roles: readonly Role[]): boolean {
  return roles.includes(role);
}

/** Narrows anything a rejected call produced to the contract's error shape. */
export function isContractError(value: unknown): value is ContractErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { code?: unknown; message?: unknown };
  return typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string';
}

/** Anything thrown by a call, as a contract error (a bare exception becomes INTERNAL). */
export function toContractError(value: unknown): ContractErrorShape {
  if (isContractError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return { code: 'INTERNAL', message };
}
