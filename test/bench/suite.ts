export interface BenchResult {
  suite: string;
  description: string;
  /** Named figures; units in the name (…Ms, …Us, …PerSec, …Bytes). */
  figures: Record<string, number | string | boolean>;
  /** Rows printed as a table. */
  table: Array<Record<string, string | number>>;
  machine?: Record<string, string | number>;
}

export interface BenchSuite {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
}
