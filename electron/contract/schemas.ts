import { z } from 'zod';
import { ROLES } from './roles.js';

/** Time-ordered globally unique id (UUID version 7), for records that travel to HQ. */
export const recordId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'not a UUIDv7');
export const isoDateTime = z.string().datetime({ offset: true });
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const roleSchema = z.enum(ROLES);
export const username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, dot, dash and underscore only');
/** Passwords are bounded so a hostile payload cannot make the KDF hash megabytes. */
export const password = z.string().min(1).max(256);
export const newPassword = z.string().min(10, 'at least 10 characters').max(256);

export const userSchema = z.object({
  id: z.string(),
  username,
  displayName: z.string().min(1).max(128),
  role: roleSchema,
  disabled: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const sessionSchema = z.object({
  user: userSchema.nullable(),
  locked: z.boolean(),
  /** Milliseconds of inactivity after which the session locks. */
  idleLockMs: z.number().int().positive(),
});
export type SessionState = z.infer<typeof sessionSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  stationId: z.string(),
  stationName: z.string(),
  needsSetup: z.boolean(),
  simulators: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'pending', 'not_possible'] as const;
export const checkSchema = z.object({
  /** Stable id, e.g. `mrz.check_digits`; the UI translates it. */
  id: z.string(),
  status: z.enum(CHECK_STATUSES),
  /** Plain-words reason, in English; `detailKey` lets the UI translate the common ones. */
  detail: z.string(),
  detailKey: z.string().optional(),
});
export type Check = z.infer<typeof checkSchema>;

export const travelDocumentSchema = z.object({
  format: z.string(),
  documentCode: z.string(),
  issuingState: z.string(),
  documentNumber: z.string(),
  primaryIdentifier: z.string(),
  secondaryIdentifier: z.string(),
  nationality: z.string(),
  birthDate: isoDate.nullable(),
  sex: z.enum(['M', 'F', 'X']),
  expiryDate: isoDate.nullable(),
  optionalData: z.string(),
  mrz: z.array(z.string()).min(2).max(3),
});
export type TravelDocument = z.infer<typeof travelDocumentSchema>;

export const DECISIONS = ['admit', 'refuse', 'refer'] as const;
export const DIRECTIONS = ['entry', 'exit'] as const;
/** Schengen Borders Code Annex V part B refusal reasons. */
export const REFUSAL_REASONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'] as const;

export const decisionSchema = z.object({
  outcome: z.enum(DECISIONS),
  direction: z.enum(DIRECTIONS),
  reasonCode: z.enum(REFUSAL_REASONS).nullable(),
  note: z.string().max(2000),
  decidedBy: z.string(),
  decidedAt: isoDateTime,
});
export type Decision = z.infer<typeof decisionSchema>;

export const inspectionSchema = z.object({
  id: recordId,
  version: z.number().int().positive(),
  stationId: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  officerId: z.string().nullable(),
  sourceDeviceId: z.string(),
  document: travelDocumentSchema.nullable(),
  checks: z.array(checkSchema),
  status: z.enum(['open', 'decided']),
  decision: decisionSchema.nullable(),
});
export type Inspection = z.infer<typeof inspectionSchema>;

/**
 * What the simulated chip reader lays on the reader with a simulated swipe: a genuine chip, no chip,
 * or a chip with one of the simulator's faults (each should turn one verification step red).
 */
export const SIMULATED_CHIPS = ['genuine', 'none', 'wrongAccessKey', 'tamperedDataGroup', 'expiredDsCertificate', 'revokedDsCertificate', 'unknownCsca', 'clonedChip'] as const;
export type SimulatedChip = (typeof SIMULATED_CHIPS)[number];

export const deviceSchema = z.object({
  id: z.string(),
  kind: z.enum(['document-reader', 'chip-reader', 'fingerprint', 'camera']),
  driver: z.string(),
  label: z.string(),
  port: z.string().nullable(),
  simulated: z.boolean(),
  status: z.enum(['ready', 'connecting', 'error', 'absent']),
  detail: z.string(),
  lastEventAt: isoDateTime.nullable(),
  counters: z.object({ frames: z.number().int(), rejected: z.number().int() }),
});
export type Device = z.infer<typeof deviceSchema>;

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  firstBad: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export const REVIEW_SOURCES = ['watchlist.documents', 'watchlist.persons', 'referral', 'document.check'] as const;
export const REVIEW_STATUSES = ['open', 'awaiting_second', 'confirmed', 'dismissed'] as const;
export const REVIEW_VERDICTS = ['confirm', 'dismiss'] as const;

/** One line of a score explanation or alert detail, shown to the supervisor as-is. */
export const evidenceLineSchema = z.object({
  feature: z.string().max(64),
  detail: z.string().max(500),
  value: z.number().nullable(),
});

export const reviewDecisionSchema = z.object({
  verdict: z.enum(REVIEW_VERDICTS),
  reason: z.string(),
  decidedBy: z.string(),
  decidedByName: z.string(),
  decidedAt: isoDateTime,
});

/** A case for the supervisor: why the traveller was flagged, the evidence, and the decisions so far. */
export const reviewCaseSchema = z.object({
  id: recordId,
  version: z.number().int().positive(),
  inspectionId: recordId,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  source: z.enum(REVIEW_SOURCES),
  severity: z.enum(SEVERITIES),
  status: z.enum(REVIEW_STATUSES),
  /** What the officer was told to do, e.g. "Refer to supervisor: document reported stolen". */
  instruction: z.string(),
  /** The alert as listed (list, reference, category) and the line-by-line explanation of the score. */
  alert: z.record(z.string(), z.string()),
  score: z.number().nullable(),
  explanation: z.array(evidenceLineSchema),
  traveller: travelDocumentSchema.nullable(),
  decisions: z.array(reviewDecisionSchema),
});
export type ReviewCase = z.infer<typeof reviewCaseSchema>;

/** How fresh one watch-list is at this booth; the booth warns when it is older than policy allows. */
export const watchlistStatusSchema = z.object({
  kind: z.enum(['documents', 'persons']),
  listId: z.string(),
  source: z.string(),
  version: z.number().int().nullable(),
  records: z.number().int().nonnegative(),
  builtAt: isoDateTime.nullable(),
  expiresAt: isoDateTime.nullable(),
  stale: z.boolean(),
  staleReason: z.string().nullable(),
});
export type WatchlistStatus = z.infer<typeof watchlistStatusSchema>;

/** The face image from the document chip (DG2), for display beside the traveller. */
export const chipFaceSchema = z.object({
  /** What `base64` holds: JPEG as the chip stored it, or PNG converted from the chip's JPEG 2000. */
  mime: z.enum(['image/jpeg', 'image/png', 'image/jp2']),
  /** The format the chip stored the face in (kept as stored for the record). */
  storedAs: z.enum(['image/jpeg', 'image/jp2']),
  base64: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type ChipFace = z.infer<typeof chipFaceSchema>;
