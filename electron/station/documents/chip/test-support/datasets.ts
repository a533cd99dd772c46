/**
 * Where the shared evaluation data sets live (they stay out of this repository: see
 * shared/datasets/README.md). Tests read them in place.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EPASSPORT_DIR = fileURLToPath(new URL('../../../../../../shared/datasets/epassport/', import.meta.url));

export function readEpassport(relative: string): Buffer {
  const path = `${EPASSPORT_DIR}${relative}`;
  if (!existsSync(path)) throw new Error(`shared data set file missing: ${path} (see shared/datasets/README.md)`);
  return readFileSync(path);
}

export interface VectorOccurrence {
  readonly function: string;
  readonly line: number;
  readonly expected_error: { readonly exception: string; readonly match: string } | null;
  readonly comment: string;
}

export interface Vector {
  readonly file: string;
  readonly kind: 'EF_SOD' | 'EF_DG1' | 'EF_DG14' | 'EF_DG15';
  readonly bytes: number;
  readonly sha256: string;
  readonly occurrences: readonly VectorOccurrence[];
  readonly origin: string;
  readonly expectation: readonly string[];
  readonly sha256_listed_in_sod?: readonly string[];
}

export function vectorsManifest(): Vector[] {
  return JSON.parse(readEpassport('vectors_manifest.json').toString('utf8')) as Vector[];
}
