import { useCallback, useEffect, useState } from 'react';
import { useApi, useEvent, useOnReconnect } from '../app/api-context.js';
import { useCallFailure } from '../app/session-context.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { DeviceGlyph } from '../components/StatusBadge.js';
import type { ContractErrorShape, Device } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Technician's view of every attached device: driver, port, live status and frame counters. */
export function DevicesScreen() {
  const api = useApi();
  const fail = useCallFailure();
  const { t, fmt } = useI18n();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<ContractErrorShape | null>(null);

  const load = useCallback(() => {
    api.invoke('devices.list', {}).then(
      (list) => {
        setDevices(list);
        setError(null);
      },
      (e: unknown) => setError(fail(e)),
    );
  }, [api]);
  useEffect(load, [load]);
  useOnReconnect(load);
  useEvent('devices.changed', setDevices);

  return (
    <section className="page" aria-labelledby="devices-title">
      <header className="page-header">
        <h1 id="devices-title">{t('devices.title')}</h1>
        <button type="button" className="button" onClick={load}>
          {t('common.refresh')}
        </button>
      </header>
      <ErrorMessage error={error} />
      {devices === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : devices.length === 0 ? (
        <p className="empty-state">{t('devices.none')}</p>
      ) : (
        <div className="table-wrap card">
          <table className="table" data-testid="devices-table">
            <thead>
              <tr>
                <th scope="col">{t('devices.col.device')}</th>
                <th scope="col">{t('devices.col.kind')}</th>
                <th scope="col">{t('devices.col.driver')}</th>
                <th scope="col">{t('devices.col.port')}</th>
                <th scope="col">{t('devices.col.status')}</th>
                <th scope="col">{t('devices.col.detail')}</th>
                <th scope="col">{t('devices.col.lastEvent')}</th>
                <th scope="col" className="numeric">
                  {t('devices.col.frames')}
                </th>
                <th scope="col" className="numeric">
                  {t('devices.col.rejected')}
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id} data-testid="device-row" data-id={d.id} data-status={d.status}>
                  <td>
                    <bdi>{d.label}</bdi>
                    {d.simulated && <span className="tag">{t('devices.simulated')}</span>}
                  </td>
                  <td>{t(`deviceKind.${d.kind}`)}</td>
                  <td className="code" dir="ltr">
                    {d.driver}
                  </td>
                  {d.port ? (
                    <td className="code" dir="ltr">
                      {d.port}
                    </td>
                  ) : (
                    <td className="muted">{t('common.none')}</td>
                  )}
                  <td>
                    <span className={`device-state device-state-${d.status}`}>
                      <DeviceGlyph status={d.status} />
                      {t(`deviceStatus.${d.status}`)}
                    </span>
                  </td>
                  <td>{d.detail}</td>
                  <td>{d.lastEventAt ? fmt.dateTime(d.lastEventAt) : t('devices.never')}</td>
                  <td className="numeric">{d.counters.frames}</td>
                  <td className="numeric">{d.counters.rejected}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
