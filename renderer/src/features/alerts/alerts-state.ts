/**
 * The alert list as the window keeps it: the newest alerts first (at most ALERTS_KEPT), with the
 * store's count of unacknowledged ones, updated by `alerts.raised` and `alerts.acknowledged`.
 */
import type { Alert } from '../../../../electron/contract/methods/rules.js';

/** How many alerts the panel keeps (alerts.list asks for this many). */
export const ALERTS_KEPT = 200;

export interface AlertsState {
  /** Newest first. */
  alerts: Alert[];
  /** Unacknowledged alerts in the whole store. */
  unacknowledged: number;
}

export const EMPTY_ALERTS: AlertsState = { alerts: [], unacknowledged: 0 };

/** A raised alert goes on top (once: an alert already listed is replaced in place). */
export function alertRaised(state: AlertsState, alert: Alert): AlertsState {
  const at = state.alerts.findIndex((a) => a.id === alert.id);
  if (at >= 0) {
    const alerts = state.alerts.slice();
    alerts[at] = alert;
    return { ...state, alerts };
  }
  return {
    alerts: [alert, ...state.alerts].slice(0, ALERTS_KEPT),
    unacknowledged: state.unacknowledged + (alert.acknowledged ? 0 : 1),
  };
}

/** Alerts acknowledged by any client: the named ones (or every one) flagged, the store's count taken as told. */
export function alertsAcknowledged(
  state: AlertsState,
  ack: { ids: string[]; all: boolean; unacknowledged: number },
  at: string,
): AlertsState {
  const ids = new Set(ack.ids);
  const alerts = state.alerts.map((a) =>
    !a.acknowledged && (ack.all || ids.has(a.id)) ? { ...a, acknowledged: true, acknowledged_at: at } : a,
  );
  return { alerts, unacknowledged: ack.unacknowledged };
}
