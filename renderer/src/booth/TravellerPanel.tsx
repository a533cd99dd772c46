import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../app/api-context.js';
import type { Inspection, TravelDocument } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';

interface Face {
  mime: string;
  base64: string;
}

type FaceTrust = 'verified' | 'unverified' | 'tampered';

/**
 * How far the officer may rely on the chip's photo: verified only when DG2's hash and the signature
 * chain behind it passed; tampered when DG2 does not hash to what the issuer signed (the photo may
 * have been swapped); otherwise unverified.
 */
export function faceTrust(inspection: Inspection): FaceTrust {
  const status = (id: string) => inspection.checks.find((c) => c.id === id)?.status;
  if (status('chip.dg_hash_DG2') === 'fail') return 'tampered';
  const chain = ['chip.dg_hash_DG2', 'chip.sod_signature', 'chip.ds_certificate_signature'];
  return chain.every((id) => status(id) === 'pass') ? 'verified' : 'unverified';
}

/** The face image read from the chip (DG2), once the chip step has finished (JPEG 2000 arrives as PNG). */
function ChipFace({ inspection }: { inspection: Inspection }) {
  const api = useApi();
  const { t } = useI18n();
  const chip = inspection.checks.find((c) => c.id === 'chip.read');
  const finished = chip !== undefined && chip.status !== 'pending' && chip.status !== 'not_possible';
  const [face, setFace] = useState<Face | null>(null);
  useEffect(() => {
    setFace(null);
    if (!finished) return;
    let live = true;
    api.invoke('inspections.face', { id: inspection.id }).then(
      (f) => live && setFace(f),
      () => live && setFace(null),
    );
    return () => {
      live = false;
    };
  }, [api, inspection.id, finished]);
  if (!face || (face.mime !== 'image/jpeg' && face.mime !== 'image/png')) return null;
  const trust = faceTrust(inspection);
  return (
    <figure className={`chip-face chip-face-${trust}`} data-testid="chip-face" data-trust={trust}>
      <img src={`data:${face.mime};base64,${face.base64}`} alt={t('traveller.chipFace')} />
      <figcaption>
        {t('traveller.chipFace')}
        <br />
        <strong>{t(`traveller.chipFace.${trust}`)}</strong>
      </figcaption>
    </figure>
  );
}

/** The traveller as the document states them: large name, the facts an officer compares, the raw MRZ. */
export function TravellerPanel({ inspection }: { inspection: Inspection | null }) {
  const { t, fmt } = useI18n();
  return (
    <section className="card traveller" aria-labelledby="traveller-heading" data-testid="traveller">
      <header className="card-header">
        <h2 id="traveller-heading">{t('traveller.heading')}</h2>
        {inspection && <span className="muted">{t('traveller.readAt', { time: fmt.time(inspection.createdAt) })}</span>}
      </header>
      {!inspection ? (
        <p className="empty-state" data-testid="traveller-waiting">
          {t('traveller.waiting')}
        </p>
      ) : !inspection.document ? (
        <p className="message message-warn" role="status">
          <span className="message-icon" aria-hidden="true">
            !
          </span>
          {t('traveller.noDocument')}
        </p>
      ) : (
        <div className="traveller-body">
          <div className="traveller-facts">
            <DocumentFacts document={inspection.document} />
          </div>
          <ChipFace inspection={inspection} />
        </div>
      )}
    </section>
  );
}

/** The document's facts and MRZ; also the traveller side of a supervisor's case (`review/CaseDetail.tsx`). */
export function DocumentFacts({ document: doc }: { document: TravelDocument }) {
  const { t, fmt } = useI18n();
  const name = doc.secondaryIdentifier ? t('traveller.name', { primary: doc.primaryIdentifier, secondary: doc.secondaryIdentifier }) : doc.primaryIdentifier;
  const date = (iso: string | null) => (iso ? fmt.documentDate(iso) : t('common.unknown'));
  return (
    <>
      <p className="traveller-name" data-testid="traveller-name">
        <bdi>{name}</bdi>
      </p>
      <dl className="facts">
        <Fact label={t('traveller.documentNumber')}>
          <span className="code" dir="ltr" data-testid="traveller-document-number">
            {doc.documentNumber}
          </span>
        </Fact>
        <Fact label={t('traveller.nationality')}>
          <span className="code" dir="ltr" data-testid="traveller-nationality">
            {doc.nationality}
          </span>
        </Fact>
        <Fact label={t('traveller.birthDate')}>
          <span data-testid="traveller-birth-date">{date(doc.birthDate)}</span>
        </Fact>
        <Fact label={t('traveller.sex')}>
          <span data-testid="traveller-sex">{t(`sex.${doc.sex}`)}</span>
        </Fact>
        <Fact label={t('traveller.expiryDate')}>
          <span data-testid="traveller-expiry-date">{date(doc.expiryDate)}</span>
        </Fact>
        <Fact label={t('traveller.issuingState')}>
          <span className="code" dir="ltr">
            {doc.issuingState}
          </span>
        </Fact>
        <Fact label={t('traveller.documentCode')}>
          <span className="code" dir="ltr">
            {doc.documentCode}
          </span>
        </Fact>
      </dl>
      <figure className="mrz-block">
        <figcaption>{t('traveller.mrz')}</figcaption>
        {/* The MRZ is always left-to-right and fixed-width, whatever the UI direction. */}
        <pre className="mrz" dir="ltr" data-testid="traveller-mrz">
          {doc.mrz.join('\n')}
        </pre>
      </figure>
    </>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
