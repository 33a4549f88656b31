/**
 * The window's alerts: loaded once by the shell (alerts.list), kept current by `alerts.raised`,
 * `alerts.acknowledged` and the count in `app.statsChanged`, read by the alert panel and the status bar with `useAlerts()`. A raised
 * alert beeps and shows a desktop notification when those are switched on.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Alert } from '../../../../electron/contract/methods/rules.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useShellActions, useShellStore } from '../../app/shell-context.js';
import { alertText } from './alert-text.js';
import { createRequiredContext } from '../../app/required-context.js';
import { loadAlertSignalSettings, playAlertSound, showDesktopNotification } from './alert-signals.js';
import { ALERTS_KEPT, alertRaised, alertsAcknowledged, EMPTY_ALERTS, type AlertsState } from './alerts-state.js';

export interface AlertsApi extends AlertsState {
  loaded: boolean;
  /** Acknowledges the named alerts, or every unacknowledged one. */
  acknowledge(which: { ids: string[] } | 'all'): Promise<void>;
  /** Flies the map to the alert's position and selects its (first) object. */
  show(alert: Alert): void;
}

/** Provides the alerts loaded by `useAlertsLoader()`; `useAlerts()` reads them. */
export const [AlertsContext, useAlerts] = createRequiredContext<AlertsApi>('AlertsContext');

/** Loads the alerts and follows them; call once, in the shell, and provide the result. */
export function useAlertsLoader(): AlertsApi {
  const { client, notify } = useApp();
  const { select, flyTo } = useShellActions();
  const shell = useShellStore();
  const [state, setState] = useState<AlertsState>(EMPTY_ALERTS);
  const [loaded, setLoaded] = useState(false);

  const show = useCallback(
    (alert: Alert) => {
      if (alert.position) flyTo(alert.position[0], alert.position[1]);
      const id = alert.object_ids[0];
      if (id) select(id);
    },
    [flyTo, select],
  );
  const showRef = useRef(show);
  useEffect(() => {
    showRef.current = show;
  });

  useEffect(() => {
    client
      .call('alerts.list', { limit: ALERTS_KEPT })
      .then((page) => {
        setState({ alerts: page.items, unacknowledged: page.unacknowledged });
        setLoaded(true);
      })
      .catch((err: unknown) => notify('error', `Could not load the alerts: ${errorMessage(err)}`));
    const offRaised = client.on('alerts.raised', (alert) => {
      setState((s) => alertRaised(s, alert));
      const signals = loadAlertSignalSettings();
      if (signals.sound) playAlertSound();
      if (signals.notifications) {
        const text = alertText(alert, shell.getState().units);
        showDesktopNotification(alert.rule_name, text, () => showRef.current(alert));
      }
    });
    const offAck = client.on('alerts.acknowledged', (ack) =>
      setState((s) => alertsAcknowledged(s, ack, new Date().toISOString())),
    );
    // The stats carry the store's count too; it corrects the count after anything the events missed.
    const offStats = client.on('app.statsChanged', (stats) =>
      setState((s) =>
        s.unacknowledged === stats.alerts_unacknowledged ? s : { ...s, unacknowledged: stats.alerts_unacknowledged },
      ),
    );
    return () => {
      offRaised();
      offAck();
      offStats();
    };
  }, [client, notify, shell]);

  const acknowledge = useCallback(
    (which: { ids: string[] } | 'all') =>
      client
        .call('alerts.ack', which === 'all' ? { all: true } : { ids: which.ids })
        .then((r) =>
          setState((s) =>
            alertsAcknowledged(
              s,
              { ids: which === 'all' ? [] : which.ids, all: which === 'all', unacknowledged: r.unacknowledged },
              new Date().toISOString(),
            ),
          ),
        ),
    // A refusal rejects: the button that asked says why beside itself (action-status.tsx).
    [client],
  );

  return useMemo(() => ({ ...state, loaded, acknowledge, show }), [state, loaded, acknowledge, show]);
}
