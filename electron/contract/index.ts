/**
 * The one contract between the UI and the station. A call that is not here does not exist:
 * Electron main, the preload, the browser host and the renderer all derive from this table.
 */
import { z } from 'zod';
import { ADMIN_ROLES, BOOTH_ROLES, DEVICE_ROLES, REVIEW_ROLES, type Access } from './roles.js';
import {
  appInfoSchema,
  auditVerifySchema,
  chipFaceSchema,
  DECISIONS,
  deviceSchema,
  DIRECTIONS,
  inspectionSchema,
  newPassword,
  password,
  recordId,
  REFUSAL_REASONS,
  REVIEW_STATUSES,
  REVIEW_VERDICTS,
  reviewCaseSchema,
  roleSchema,
  sessionSchema,
  SIMULATED_CHIPS,
  userSchema,
  username,
  watchlistStatusSchema,
} from './schemas.js';

export * from './roles.js';
export * from './errors.js';
export * from './schemas.js';
export { CALL_NAMES, EVENT_NAMES, type CallName, type EventName } from './names.js';
import type { CallName, EventName } from './names.js';

export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** Calls that must work while the session is idle-locked (reading state, unlocking, signing out). */
  allowWhenLocked?: boolean;
  /** Calls that do not count as user activity for the idle lock (polling, status). */
  passive?: boolean;
}

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

function call<I extends z.ZodType, O extends z.ZodType>(spec: CallSpec<I, O>): CallSpec<I, O> {
  return spec;
}

export const calls = {
  'app.info': call({ input: none, output: appInfoSchema, access: 'public', allowWhenLocked: true, passive: true }),

  'setup.createAdmin': call({
    input: z.object({ username, displayName: z.string().min(1).max(128), password: newPassword }).strict(),
    output: userSchema,
    access: 'public',
  }),

  'session.current': call({ input: none, output: sessionSchema, access: 'public', allowWhenLocked: true, passive: true }),
  'session.signIn': call({ input: z.object({ username: z.string().max(64), password }).strict(), output: sessionSchema, access: 'public' }),
  'session.unlock': call({ input: z.object({ password }).strict(), output: sessionSchema, access: 'signedIn', allowWhenLocked: true }),
  'session.lock': call({ input: none, output: sessionSchema, access: 'signedIn', allowWhenLocked: true }),
  'session.signOut': call({ input: none, output: sessionSchema, access: 'signedIn', allowWhenLocked: true }),

  'users.list': call({ input: none, output: z.array(userSchema), access: ADMIN_ROLES }),
  'users.create': call({
    input: z.object({ username, displayName: z.string().min(1).max(128), role: roleSchema, password: newPassword }).strict(),
    output: userSchema,
    access: ADMIN_ROLES,
  }),

  'inspections.current': call({ input: none, output: inspectionSchema.nullable(), access: BOOTH_ROLES, passive: true }),
  'inspections.list': call({
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(inspectionSchema),
    access: BOOTH_ROLES,
    passive: true,
  }),
  /** The chip's face image for an inspection, null until (or unless) the chip was read. */
  'inspections.face': call({ input: z.object({ id: recordId }).strict(), output: chipFaceSchema.nullable(), access: BOOTH_ROLES, passive: true }),
  'inspections.get': call({ input: z.object({ id: recordId }).strict(), output: inspectionSchema, access: BOOTH_ROLES }),
  'inspections.decide': call({
    input: z
      .object({
        id: recordId,
        /** Optimistic concurrency: the version the officer saw. */
        version: z.number().int().positive(),
        outcome: z.enum(DECISIONS),
        direction: z.enum(DIRECTIONS),
        reasonCode: z.enum(REFUSAL_REASONS).nullable().default(null),
        note: z.string().max(2000).default(''),
      })
      .strict()
      .refine((d) => d.outcome !== 'refuse' || d.reasonCode !== null, { message: 'a refusal needs a reason code', path: ['reasonCode'] }),
    output: inspectionSchema,
    access: BOOTH_ROLES,
  }),

  'review.list': call({ input: none, output: z.array(inspectionSchema), access: REVIEW_ROLES, passive: true }),
  'review.cases': call({
    input: z.object({ status: z.array(z.enum(REVIEW_STATUSES)).max(4).optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(reviewCaseSchema),
    access: REVIEW_ROLES,
    passive: true,
  }),
  /**
   * Confirms or dismisses a case with a written reason. Dismissing a high-severity case needs a
   * second, different supervisor: the first dismissal moves it to awaiting_second.
   */
  'review.decide': call({
    input: z
      .object({ id: recordId, version: z.number().int().positive(), verdict: z.enum(REVIEW_VERDICTS), reason: z.string().trim().min(5, 'give a reason of at least a few words').max(2000) })
      .strict(),
    output: reviewCaseSchema,
    access: REVIEW_ROLES,
  }),

  'devices.list': call({ input: none, output: z.array(deviceSchema), access: 'signedIn', passive: true }),
  /**
   * Makes a simulated document reader emit a read through its real wire protocol. `chip` says what
   * the simulated chip reader finds for that document (default: a genuine chip).
   */
  'devices.simulateRead': call({
    input: z.object({ deviceId: z.string().max(64).optional(), mrz: z.array(z.string().max(64)).min(1).max(3), chip: z.enum(SIMULATED_CHIPS).optional() }).strict(),
    output: ok,
    access: ['officer', 'supervisor', 'technician', 'admin'],
  }),

  'watchlists.status': call({ input: none, output: z.array(watchlistStatusSchema), access: 'signedIn', passive: true }),

  'audit.verify': call({ input: none, output: auditVerifySchema, access: [...ADMIN_ROLES, ...REVIEW_ROLES] }),
} as const satisfies Record<CallName, CallSpec>;

export type Calls = typeof calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
  access: Access;
}
export const events = {
  'session.changed': { payload: sessionSchema, access: 'public' },
  'inspection.updated': { payload: inspectionSchema, access: BOOTH_ROLES },
  'devices.changed': { payload: z.array(deviceSchema), access: 'signedIn' },
  'review.updated': { payload: reviewCaseSchema, access: REVIEW_ROLES },
} as const satisfies Record<EventName, EventSpec>;
export type Events = typeof events;
export type EventPayload<N extends EventName> = z.output<Events[N]['payload']>;

/** `window.borderpost`: the same shape in Electron (preload) and in browser mode (WebSocket client). */
export interface BorderpostApi {
  invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}

export { DEVICE_ROLES };
