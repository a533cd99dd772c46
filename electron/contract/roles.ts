/** Who may do what. A call lists its roles explicitly; there is no implicit hierarchy. */
export const ROLES = ['officer', 'supervisor', 'technician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `public` calls need no session (reading whether the station is set up, signing in).
 * `signedIn` calls need any unlocked session. Otherwise the listed roles.
 */
export type Access = 'public' | 'signedIn' | readonly Role[];

export const BOOTH_ROLES = ['officer', 'supervisor'] as const satisfies readonly Role[];
export const REVIEW_ROLES = ['supervisor'] as const satisfies readonly Role[];
export const DEVICE_ROLES = ['technician', 'admin'] as const satisfies readonly Role[];
export const ADMIN_ROLES = ['admin'] as const satisfies readonly Role[];
