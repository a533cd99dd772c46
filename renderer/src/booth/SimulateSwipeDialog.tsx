import { useEffect, useRef, useState } from 'react';
import { useApi } from '../app/api-context.js';
import { useCallFailure } from '../app/session-context.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Kbd } from '../components/Kbd.js';
import { SIMULATED_CHIPS, type ContractErrorShape, type SimulatedChip } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { Shortcut } from '../keyboard/shortcuts.js';
import { useShortcuts } from '../keyboard/use-shortcuts.js';
import { SAMPLE_TRAVELLERS, type SampleTraveller } from '../samples/sample-travellers.js';

/**
 * Simulator mode only: asks the simulated document reader to emit a sample MRZ through its real wire
 * protocol, so the whole chain (driver → checks → booth) runs as for a real swipe.
 */
export function SimulateSwipeDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const fail = useCallFailure();
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractErrorShape | null>(null);
  // What the simulated chip reader finds on the document: a genuine chip, none, or one with a fault.
  const [chip, setChip] = useState<SimulatedChip>('genuine');

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  async function swipe(sample: SampleTraveller) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.invoke('devices.simulateRead', { mrz: [...sample.mrz], chip });
      onClose();
    } catch (e) {
      setError(fail(e));
      setBusy(false);
    }
  }

  const shortcuts: Shortcut[] = [
    ...SAMPLE_TRAVELLERS.map((s, i): Shortcut => ({ combo: String(i + 1), run: () => void swipe(s) })),
    { combo: 'Escape', run: onClose, allowInInputs: true },
  ];
  useShortcuts(shortcuts, { modal: true });

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="simulate-title"
      data-testid="simulate-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="simulate-title">{t('simulate.title')}</h2>
      <p>{t('simulate.intro')}</p>
      <label className="field">
        <span>{t('simulate.chip')}</span>
        <select value={chip} data-testid="simulate-chip" onChange={(e) => setChip(e.target.value as SimulatedChip)}>
          {SIMULATED_CHIPS.map((c) => (
            <option key={c} value={c}>
              {t(`simulate.chip.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <ul className="sample-list">
        {SAMPLE_TRAVELLERS.map((s, i) => (
          <li key={s.id}>
            <button type="button" className="button sample" data-testid={`simulate-sample-${s.id}`} disabled={busy} onClick={() => void swipe(s)} autoFocus={i === 0}>
              <Kbd combo={String(i + 1)} />
              <span className="sample-text">
                <bdi className="sample-name">{s.name}</bdi>
                <span className="muted">{t(s.noteKey)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {busy && (
        <p className="muted" role="status">
          {t('simulate.sending')}
        </p>
      )}
      <ErrorMessage error={error} testId="simulate-error" />
      <div className="button-row">
        <button type="button" className="button" onClick={onClose} data-testid="simulate-close">
          {t('common.close')}
          <Kbd combo="Escape" />
        </button>
      </div>
    </dialog>
  );
}
