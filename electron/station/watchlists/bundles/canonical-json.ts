/**
 * Canonical JSON for the signed bundle header: object keys sorted by UTF-16 code units, no
 * whitespace, strings as JSON.stringify writes them, numbers only as safe integers. The signature
 * covers the header bytes, and the reader refuses a header that is not in this form, so one header
 * has exactly one byte encoding: no duplicate keys, no "1.0" versus "1", no escapes that two JSON
 * parsers could read differently.
 */

export type CanonicalValue = null | boolean | number | string | CanonicalValue[] | { [key: string]: CanonicalValue };

/** Depth is bounded by the caller's schema; this is a second fence against a hostile value. */
const MAX_DEPTH = 16;

export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw new TypeError('nested too deeply for a bundle header');
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`only safe integers are allowed in a bundle header, got ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`).join(',')}}`;
  }
  throw new TypeError(`a ${typeof value} cannot appear in a bundle header`);
}
