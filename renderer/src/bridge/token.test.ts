import { describe, expect, it } from 'vitest';
import { takeToken, TOKEN_STORAGE_KEY, tokenFromHash } from './token.js';

function sources(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored === null ? [] : [[TOKEN_STORAGE_KEY, stored]]);
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    input: {
      location: { hash, pathname: '/app/', search: '?x=1' },
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
    },
  };
}

describe('takeToken', () => {
  it('takes the token from the fragment, stores it and removes it from the address', () => {
    const s = sources('#token=abc123');
    expect(takeToken(s.input)).toBe('abc123');
    expect(s.storage.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(s.replaced).toEqual(['/app/?x=1']);
  });

  it('falls back to the stored token after a reload', () => {
    const s = sources('', 'stored');
    expect(takeToken(s.input)).toBe('stored');
    expect(s.replaced).toEqual([]);
  });

  it('prefers a new fragment over a stored token', () => {
    const s = sources('#token=new', 'old');
    expect(takeToken(s.input)).toBe('new');
    expect(s.storage.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('returns null with neither', () => {
    expect(takeToken(sources('').input)).toBeNull();
    expect(takeToken(sources('#token=').input)).toBeNull();
  });

  it('reads the token among other fragment parameters, URL-decoded', () => {
    expect(tokenFromHash('#lang=fr&token=a%2Bb')).toBe('a+b');
  });
});
