import { describe, expect, it } from 'vitest';
import { canVerifyAudit, screensFor } from './navigation.js';

describe('screensFor', () => {
  it.each([
    ['officer', ['booth']],
    ['supervisor', ['booth', 'review']],
    ['technician', ['devices']],
    ['admin', ['users', 'devices']],
  ] as const)('%s sees %j', (role, screens) => {
    expect(screensFor(role)).toEqual(screens);
  });

  it('only the administrator gets the audit button', () => {
    expect(canVerifyAudit('admin')).toBe(true);
    expect(canVerifyAudit('officer')).toBe(false);
    expect(canVerifyAudit('technician')).toBe(false);
  });
});
