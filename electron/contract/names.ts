/**
 * The names of every call and event, without their schemas, so the sandboxed preload can be built
 * from the contract without bundling zod. `index.ts` checks that its table has exactly these keys.
 */
export const CALL_NAMES = [
  'app.info',
  'setup.createAdmin',
  'session.current',
  'session.signIn',
  'session.unlock',
  'session.lock',
  'session.signOut',
  'users.list',
  'users.create',
  'inspections.current',
  'inspections.list',
  'inspections.get',
  'inspections.face',
  'inspections.decide',
  'review.list',
  'review.cases',
  'review.decide',
  'devices.list',
  'devices.simulateRead',
  'watchlists.status',
  'audit.verify',
] as const;
export type CallName = (typeof CALL_NAMES)[number];

export const EVENT_NAMES = ['session.changed', 'inspection.updated', 'devices.changed', 'review.updated'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** IPC channel names: one prefix, so main can refuse anything else. */
export const IPC_INVOKE_CHANNEL = 'borderpost:invoke';
export const IPC_EVENT_CHANNEL = 'borderpost:event';
