/**
 * Every document read is checked at once against every list on this machine: the lost/stolen
 * documents list by number and issuing state, the person alert list by name, birth date,
 * nationality and sex. The officer gets an instruction, not the alert; a hit opens a case for the
 * supervisor with the evidence. Lists are files beside the station database and are swapped in
 * atomically by imports; `reopen()` picks up a new list between two checks, never during one.
 */
import type { BundleMeta } from './bundles/apply.js';
import { listFreshness } from './bundles/freshness.js';
import type { Check, ReviewCase, TravelDocument, WatchlistStatus } from '../../contract/index.js';
import type { Logger } from '../log.js';
import type { NewReviewCase } from '../review/review-cases.js';
import { DocumentListStore, type DocumentListEntry } from './documents/document-list-store.js';
import { NoPersonListError, PersonListStore } from './persons/person-list-store.js';

/** The person list as the service uses it; implemented by persons/person-list-store.ts. */
export interface PersonList {
  search(
    query: { name: string; birthDate?: string; nationality?: string; sex?: 'M' | 'F' | 'X' },
    opts?: { threshold?: number; limit?: number },
  ): {
    threshold: number;
    candidates: Array<{
      id: string;
      name: string;
      score: number;
      hit: boolean;
      explanation: Array<{ feature: string; detail: string; value: number; weight?: number }>;
      action: string;
      category: string;
      severity: 'low' | 'medium' | 'high';
      source?: string;
    }>;
  };
  stats(): { records: number; version?: string | number; builtAt?: string; source?: string; listId?: string; bundle?: BundleMeta | null };
  refresh?(): boolean;
  close(): void;
}

export interface WatchlistPolicy {
  /** A list older than this is flagged stale at the booth. */
  maxAgeHours: number;
}

export const DEFAULT_POLICY: WatchlistPolicy = { maxAgeHours: 48 };

export interface WatchlistOutcome {
  checks: [Check, Check];
  cases: Array<Omit<NewReviewCase, 'inspectionId'>>;
}

const STATUS_WORDS: Record<string, string> = {
  stolen: 'reported stolen',
  'stolen-blank': 'a stolen blank document',
  lost: 'reported lost',
  revoked: 'revoked by its issuer',
  invalidated: 'invalidated',
};

function documentInstruction(e: DocumentListEntry): { instruction: string; severity: ReviewCase['severity'] } {
  const what = STATUS_WORDS[e.status] ?? `listed (${e.status})`;
  const source = e.source ? ` — ${e.source}` : '';
  if (e.match === 'ocr-variant') {
    return { instruction: `Refer to supervisor: the number may have been misread, and a similar number is ${what}${source}`, severity: 'medium' };
  }
  const seize = e.status === 'stolen' || e.status === 'stolen-blank' || e.status === 'revoked';
  return { instruction: `${seize ? 'Retain the document and refer' : 'Refer'} to supervisor: document ${what}${source}`, severity: seize ? 'high' : 'medium' };
}

export class WatchlistService {
  private documents: DocumentListStore | null = null;

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
    private readonly now: () => Date,
    private readonly policy: WatchlistPolicy = DEFAULT_POLICY,
    /** The station key: person alerts are personal data and their list file is encrypted with it. */
    private readonly key?: string,
    private persons: PersonList | null = null,
  ) {}

  /** Opens whatever lists exist; a missing list is a status the booth shows, not an error. */
  open(): void {
    try {
      if (DocumentListStore.exists(this.dir)) this.documents = DocumentListStore.open(this.dir);
    } catch (e) {
      this.log.error('the documents list could not be opened; checks against it are not possible', { error: (e as Error).message });
      this.documents = null;
    }
    if (!this.persons) {
      try {
        this.persons = PersonListStore.open({ dataDir: this.dir, ...(this.key ? { key: this.key } : {}) });
      } catch (e) {
        if (!(e instanceof NoPersonListError)) this.log.error('the person alert list could not be opened; checks against it are not possible', { error: (e as Error).message });
        this.persons = null;
      }
    }
  }

  attachPersons(list: PersonList | null): void {
    this.persons?.close();
    this.persons = list;
  }

  /** Picks up lists imported since the last check. */
  reopen(): void {
    if (this.documents) {
      try {
        this.documents.reopen();
      } catch (e) {
        this.log.error('a new documents list could not be loaded; the previous one stays in force', { error: (e as Error).message });
      }
    }
    if (this.persons) this.persons.refresh?.();
    if (!this.documents || !this.persons) this.open();
  }

  close(): void {
    this.documents?.close();
    this.persons?.close();
    this.documents = null;
    this.persons = null;
  }

  private staleness(builtAt: string | null): { stale: boolean; staleReason: string | null } {
    if (!builtAt) return { stale: true, staleReason: 'the list has no build date' };
    const ageH = (this.now().getTime() - Date.parse(builtAt)) / 3_600_000;
    if (!(ageH <= this.policy.maxAgeHours)) {
      return { stale: true, staleReason: `older than ${this.policy.maxAgeHours} hours (built ${builtAt})` };
    }
    return { stale: false, staleReason: null };
  }

  /**
   * A list installed from a signed bundle is stale once the bundle expired (it stays in force: a stale
   * list still catches what it lists); any list is stale when it is older than the policy allows.
   */
  private freshness(builtAt: string | null, bundle: BundleMeta | null | undefined): { stale: boolean; staleReason: string | null } {
    if (bundle) {
      const f = listFreshness(bundle, this.now());
      if (f.stale) return { stale: true, staleReason: `its signed bundle expired on ${bundle.expiresAt}` };
    }
    return this.staleness(builtAt);
  }

  status(): WatchlistStatus[] {
    const out: WatchlistStatus[] = [];
    if (this.documents) {
      const s = this.documents.stats();
      const version = Number.parseInt(s.version, 10);
      const builtAt = s.builtAt || null;
      out.push({ kind: 'documents', listId: s.bundle?.listId ?? 'documents', source: s.source, version: Number.isFinite(version) ? version : null, records: s.records, builtAt, expiresAt: s.bundle?.expiresAt ?? null, ...this.freshness(builtAt, s.bundle) });
    }
    if (this.persons) {
      const s = this.persons.stats();
      const version = typeof s.version === 'number' ? s.version : Number.parseInt(String(s.version ?? ''), 10);
      const builtAt = s.builtAt ?? null;
      out.push({ kind: 'persons', listId: s.listId ?? 'persons', source: s.source ?? '', version: Number.isFinite(version) ? version : null, records: s.records, builtAt, expiresAt: s.bundle?.expiresAt ?? null, ...this.freshness(builtAt, s.bundle) });
    }
    return out;
  }

  checkDocument(doc: TravelDocument | null): { check: Check; cases: WatchlistOutcome['cases'] } {
    if (!this.documents) return { check: { id: 'watchlist.documents', status: 'not_possible', detail: 'no lost/stolen document list is loaded at this booth' }, cases: [] };
    if (!doc?.documentNumber) return { check: { id: 'watchlist.documents', status: 'not_possible', detail: 'the document number could not be read' }, cases: [] };
    let result;
    try {
      result = this.documents.check(doc.documentNumber, doc.issuingState);
    } catch (e) {
      return { check: { id: 'watchlist.documents', status: 'not_possible', detail: `the number could not be checked: ${(e as Error).message}` }, cases: [] };
    }
    if (!result.hit) return { check: { id: 'watchlist.documents', status: 'pass', detail: `not listed (list version ${result.listVersion})` }, cases: [] };
    const first = result.entries[0]!;
    const { instruction } = documentInstruction(first);
    const cases = result.entries.map((e) => {
      const d = documentInstruction(e);
      return {
        source: 'watchlist.documents' as const,
        severity: d.severity,
        instruction: d.instruction,
        alert: {
          list: 'lost/stolen documents',
          listVersion: result.listVersion,
          number: e.number,
          issuingState: e.issuingState,
          type: e.type,
          status: e.status,
          source: e.source,
          ...(e.reference ? { reference: e.reference } : {}),
          match: e.match,
        },
        score: e.match === 'exact' ? 1 : null,
        explanation: [
          { feature: 'document number', detail: e.match === 'exact' ? `${doc.documentNumber} equals the listed ${e.number}` : `read ${e.variant?.read ?? doc.documentNumber}, listed ${e.number}: ${e.variant?.substitutions.map((s) => `position ${s.position + 1} read ${s.read}, listed ${s.listed}`).join('; ') ?? 'OCR look-alike characters'}`, value: e.match === 'exact' ? 1 : null },
          { feature: 'issuing state', detail: `${doc.issuingState} equals the listed ${e.issuingState}`, value: 1 },
        ],
      };
    });
    return { check: { id: 'watchlist.documents', status: first.match === 'exact' ? 'fail' : 'warn', detail: instruction }, cases };
  }

  checkPerson(doc: TravelDocument | null): { check: Check; cases: WatchlistOutcome['cases'] } {
    if (!this.persons) return { check: { id: 'watchlist.persons', status: 'not_possible', detail: 'no person alert list is loaded at this booth' }, cases: [] };
    const name = doc ? `${doc.secondaryIdentifier} ${doc.primaryIdentifier}`.trim() : '';
    if (!doc || !name) return { check: { id: 'watchlist.persons', status: 'not_possible', detail: 'the name could not be read' }, cases: [] };
    const result = this.persons.search({ name, birthDate: doc.birthDate ?? undefined, nationality: doc.nationality || undefined, sex: doc.sex }, { limit: 5 });
    const hits = result.candidates.filter((c) => c.hit);
    if (hits.length === 0) return { check: { id: 'watchlist.persons', status: 'pass', detail: 'no person alert matches' }, cases: [] };
    const best = hits[0]!;
    const instruction = `${best.action || 'Refer to supervisor'}: possible match with a person alert (${best.category}, score ${best.score.toFixed(2)})`;
    const cases = hits.map((c) => ({
      source: 'watchlist.persons' as const,
      severity: c.severity,
      instruction: `${c.action || 'Refer to supervisor'}: possible match with a person alert (${c.category})`,
      alert: { list: 'person alerts', id: c.id, name: c.name, category: c.category, action: c.action, ...(c.source ? { source: c.source } : {}) },
      score: c.score,
      explanation: c.explanation.map((f) => ({ feature: f.feature, detail: f.detail, value: f.value })),
    }));
    return { check: { id: 'watchlist.persons', status: 'fail', detail: instruction }, cases };
  }

  check(doc: TravelDocument | null): WatchlistOutcome {
    const d = this.checkDocument(doc);
    const p = this.checkPerson(doc);
    return { checks: [d.check, p.check], cases: [...d.cases, ...p.cases] };
  }
}
