/**
 * The browser-mode access token arrives once as `#token=…` in the address the host prints. We keep it
 * in sessionStorage (so a reload in the same tab still connects) and take it out of the visible URL
 * (so it is not shoulder-surfed, bookmarked or pasted into a ticket).
 */
export const TOKEN_STORAGE_KEY = 'borderpost.token';

export interface TokenSources {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

/** Reads a token from the fragment (and then hides it) or, failing that, from sessionStorage. */
export function takeToken({ location, storage, history }: TokenSources): string | null {
  const fromHash = tokenFromHash(location.hash);
  if (fromHash !== null) {
    storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    history.replaceState(history.state, '', location.pathname + location.search);
    return fromHash;
  }
  const stored = storage.getItem(TOKEN_STORAGE_KEY);
  return stored === null || stored === '' ? null : stored;
}

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token === null || token === '' ? null : token;
}
