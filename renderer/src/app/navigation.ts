import type { Role } from '../contract.js';
import { ADMIN_ROLES, BOOTH_ROLES, DEVICE_ROLES, REVIEW_ROLES, roleCan } from '../contract.js';

export const SCREENS = ['booth', 'review', 'users', 'devices'] as const;
export type Screen = (typeof SCREENS)[number];

/** Who may open each screen: the same role lists the contract uses for the calls the screen needs. */
const SCREEN_ROLES: Record<Screen, readonly Role[]> = {
  booth: BOOTH_ROLES,
  review: REVIEW_ROLES,
  users: ADMIN_ROLES,
  devices: DEVICE_ROLES,
};

/** The screens a role sees in the top bar, in display order; the first is where the role lands. */
export function screensFor(role: Role): Screen[] {
  return SCREENS.filter((s) => SCREEN_ROLES[s].includes(role));
}

/** The audit check is a top-bar button for the administrator (the contract also lets supervisors call it). */
export function canVerifyAudit(role: Role): boolean {
  return roleCan(role, ADMIN_ROLES);
}
