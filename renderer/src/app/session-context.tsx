import { createContext, useContext, type ReactNode } from 'react';
import type { AppInfo, ContractErrorShape, SessionState, User } from '../contract.js';
import { toContractError } from '../contract.js';

export interface SessionContextValue {
  info: AppInfo;
  user: User;
  setSession: (session: SessionState) => void;
  /** Re-reads the session (after a LOCKED or UNAUTHENTICATED reply, for instance). */
  refreshSession: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionContextValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/**
 * Turns anything a call threw into a contract error for display, and re-reads the session when the
 * error means the session changed under us (idle lock, sign-out elsewhere).
 */
export function useCallFailure(): (error: unknown) => ContractErrorShape {
  const { refreshSession } = useSession();
  return (error) => {
    const e = toContractError(error);
    if (e.code === 'LOCKED' || e.code === 'UNAUTHENTICATED') refreshSession();
    return e;
  };
}
