import { z } from 'zod';

/** Every failure that crosses the boundary has one of these codes; the UI translates them. */
export const ERROR_CODES = [
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
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const contractErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Field-level problems for INVALID_INPUT: `path` is dotted. Never contains secrets. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ContractErrorShape = z.infer<typeof contractErrorSchema>;

/** Thrown by station code; the router turns it into a {ok:false,error} reply. */
export class ContractError extends Error {
  readonly code: ErrorCode;
  readonly issues: ContractErrorShape['issues'];
  constructor(code: ErrorCode, message: string, issues?: ContractErrorShape['issues']) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
    this.issues = issues;
  }
  toJSON(): ContractErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

/** What every transport (Electron IPC, WebSocket) carries back for a call. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ContractErrorShape };
