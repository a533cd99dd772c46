/**
 * Expiry of a list in force. A bundle past its expiry is refused on import (verifyBundle), but a
 * list whose bundle has since expired stays in force: a stale list still catches the documents and
 * persons it lists, while dropping it would catch none. The booth shows the officer that it is stale.
 */
import type { BundleMeta } from './apply.js';

export interface ListFreshness {
  stale: boolean;
  /** For the officer; null while the list is current. */
  message: string | null;
}

export function listFreshness(meta: Pick<BundleMeta, 'kind' | 'listId' | 'version' | 'expiresAt'>, now: Date): ListFreshness {
  if (now.getTime() < Date.parse(meta.expiresAt)) return { stale: false, message: null };
  return {
    stale: true,
    message: `The ${meta.kind} list "${meta.listId}" (version ${meta.version}) expired on ${meta.expiresAt}. It is still checked, but it may miss recent entries: import a current bundle.`,
  };
}
