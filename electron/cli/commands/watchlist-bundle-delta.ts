/**
 * The payload of a delta bundle from two plain list files, as a publisher usually has them: the
 * rows to add or replace (`--upserts`, a list file like a full bundle's input) and the rows to
 * remove (`--removals`, of which only the key fields are read, so an excerpt of the previous list
 * will do). Written as one delta payload (bundles/FORMAT.md: every row with `_op`), upserts first,
 * then removals: a station applies all removals before all upserts whatever their order.
 *
 * Streamed: neither file is held in memory. Both are read with the bundle's own row decoder, so a
 * bad row is reported with its file and line here rather than as a line of the generated payload.
 * The payload takes the format of the upserts file (of the removals file when there is none).
 */
import { createReadStream } from 'node:fs';
import { BundleError } from '../../station/watchlists/bundles/bundle-error.js';
import { createRowDecoder, type PayloadEntry } from '../../station/watchlists/bundles/payload-rows.js';

export type Encoding = 'csv' | 'jsonl';

export interface DeltaFiles {
  upserts?: { path: string; encoding: Encoding };
  removals?: { path: string; encoding: Encoding };
  keyFields: readonly string[];
}

/** The format the payload of these files is written in. */
export const deltaEncoding = (files: DeltaFiles): Encoding => (files.upserts ?? files.removals)!.encoding;

/** Every row of a plain list file (no `_op`), checked as a full list's rows are. */
async function* rowsOf(path: string, encoding: Encoding, keyFields: readonly string[]): AsyncGenerator<PayloadEntry> {
  const decoder = createRowDecoder({ format: encoding, type: 'full', keyFields, errorCode: 'INVALID_INPUT' });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield* decoder.push(chunk as Buffer);
    yield* decoder.end();
  } catch (e) {
    if (e instanceof BundleError) throw new BundleError(e.code, `${path}: ${e.message}`);
    throw e;
  }
}

function csvField(v: unknown): string {
  const s = typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function* deltaPayload(files: DeltaFiles): AsyncGenerator<string> {
  const encoding = deltaEncoding(files);
  let columns: string[] | null = null;
  const header = (cols: string[]) => {
    columns = cols;
    return `_op,${cols.map(csvField).join(',')}\n`;
  };
  if (files.upserts) {
    for await (const e of rowsOf(files.upserts.path, files.upserts.encoding, files.keyFields)) {
      if (e.op !== 'upsert') continue;
      if (encoding === 'jsonl') yield JSON.stringify({ _op: 'upsert', ...e.row }) + '\n';
      else {
        // Every row of a CSV file has the header's fields, in its order.
        const cols: string[] = columns ?? Object.keys(e.row);
        yield (columns === null ? header(cols) : '') + `upsert,${cols.map((c) => csvField(e.row[c])).join(',')}\n`;
      }
    }
  }
  if (encoding === 'csv' && columns === null) yield header([...files.keyFields]);
  if (files.removals) {
    const cols: string[] = columns ?? [...files.keyFields];
    for await (const e of rowsOf(files.removals.path, files.removals.encoding, files.keyFields)) {
      if (e.op !== 'upsert') continue;
      if (encoding === 'jsonl') yield JSON.stringify({ _op: 'remove', ...Object.fromEntries(files.keyFields.map((k) => [k, e.row[k]])) }) + '\n';
      else yield `remove,${cols.map((c) => (files.keyFields.includes(c) ? csvField(e.row[c]) : '')).join(',')}\n`;
    }
  }
}
