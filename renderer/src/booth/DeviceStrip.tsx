import { useCallback, useEffect, useState } from 'react';
import { useApi, useEvent, useOnReconnect } from '../app/api-context.js';
import { DeviceGlyph } from '../components/StatusBadge.js';
import type { Device } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { Translate } from '../i18n/translate.js';
import { WatchlistChips } from './WatchlistChips.js';

/**
 * The device's kind in the UI language (labels come from the configuration, usually in English);
 * the configured label is added only when two devices of the same kind must be told apart.
 */
function deviceName(device: Device, all: readonly Device[], t: Translate): string {
  const kind = t(`deviceKind.${device.kind}`);
  const twins = all.filter((d) => d.kind === device.kind).length > 1;
  return twins && device.label ? `${kind} (${device.label})` : kind;
}

/**
 * One line at the top of the booth: is every device ready, and how fresh is each watch-list? Each
 * device and list says its status in words.
 */
export function DeviceStrip() {
  const api = useApi();
  const { t } = useI18n();
  const [devices, setDevices] = useState<Device[] | null>(null);

  const load = useCallback(() => {
    api.invoke('devices.list', {}).then(setDevices, () => undefined);
  }, [api]);
  useEffect(load, [load]);
  useOnReconnect(load);
  useEvent('devices.changed', setDevices);

  return (
    <section className="device-strip" aria-label={t('devices.strip')} data-testid="device-strip">
      {devices === null ? (
        <span className="muted">{t('common.loading')}</span>
      ) : devices.length === 0 ? (
        <span className="muted">{t('devices.none')}</span>
      ) : (
        <ul>
          {devices.map((d) => (
            <li
              key={d.id}
              className={`device-pill device-${d.status}`}
              data-testid={`device-${d.id}`}
              data-status={d.status}
              title={[d.label, d.detail].filter(Boolean).join(' · ') || undefined}
            >
              <DeviceGlyph status={d.status} />
              <span className="device-name">{deviceName(d, devices, t)}</span>
              <span className="device-status">{t(`deviceStatus.${d.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
      <WatchlistChips />
    </section>
  );
}
