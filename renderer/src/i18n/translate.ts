import type { Catalog, MessageKey, ParamsOf, ParamValue } from './catalog-type.js';
import { en } from './catalogs/en.js';

export type Translate = <K extends MessageKey>(key: K, ...params: ParamsOf<K>) => string;

/** Keys the station sends (check ids, detail keys) are only strings; this tells which ones we can translate. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export function interpolate(template: string, params: Record<string, ParamValue> | undefined, formatNumber: (n: number) => string): string {
  if (!params) return template;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function makeTranslate(catalog: Catalog, locale: string): Translate {
  const numbers = new Intl.NumberFormat(locale);
  return (key, ...params) => {
    const template = catalog[key] ?? en[key];
    return interpolate(template, params[0] as Record<string, ParamValue> | undefined, (n) => numbers.format(n));
  };
}

/** Placeholder names in a message, for the catalog consistency test. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!).sort();
}

/** Translates a key built at run time (`check.${id}`), or returns `fallback` when this version has no such key. */
export function translateIfKnown(t: Translate, key: string, fallback: string): string {
  return isMessageKey(key) ? (t as unknown as (k: MessageKey) => string)(key) : fallback;
}
