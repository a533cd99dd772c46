/**
 * The shape every verification in this folder reports: a list of named steps, each with a status and
 * a sentence an officer or technician can read. A step is `not_possible` when the data it needs is
 * missing (no CSCA for this issuer, no CRL), which is different from a check that ran and failed.
 */
export type StepStatus = 'pass' | 'fail' | 'not_possible';

export interface CheckStep {
  readonly id: string;
  readonly status: StepStatus;
  readonly detail: string;
}

export type Verdict = 'pass' | 'fail' | 'incomplete';

/** Any failure fails the whole; otherwise any step that could not run leaves it incomplete. */
export function verdictOf(steps: readonly CheckStep[]): Verdict {
  if (steps.some((s) => s.status === 'fail')) return 'fail';
  if (steps.length === 0 || steps.some((s) => s.status === 'not_possible')) return 'incomplete';
  return 'pass';
}

export function step(id: string, status: StepStatus, detail: string): CheckStep {
  return { id, status, detail };
}
