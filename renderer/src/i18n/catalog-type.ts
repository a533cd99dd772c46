import type { en } from './catalogs/en.js';

export type MessageKey = keyof typeof en;
/** What every non-English catalog must be: exactly the English keys (missing or extra keys do not compile). */
export type Catalog = Record<MessageKey, string>;

/** `{name}` placeholders of a message, read from the English text at compile time. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
export type ParamValue = string | number;
/** `t('audit.ok', { entries: 3 })` must pass `entries`; `t('login.title')` takes no second argument. */
export type ParamsOf<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<(typeof en)[K]>, ParamValue>];
