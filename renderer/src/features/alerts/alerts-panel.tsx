/**
 * The Alerts tab: alerts newest first (unacknowledged ones marked), the unacknowledged count,
 * "Acknowledge" per alert and "Acknowledge all"; a click on an alert flies the map to it and selects
 * its object. Switches for the beep and the desktop notifications sit in the toolbar.
 */
import { useState } from 'react';
import type { Alert } from '../../../../electron/contract/methods/rules.js';
import { formatCount, formatTime } from '../../app/format.js';
import { useShell } from '../../app/shell-context.js';
import {
  notificationPermission,
  requestNotificationPermission,
  setAlertSignal,
  useAlertSignalSettings,
} from './alert-signals.js';
import { useAlerts } from './use-alerts.js';
import { alertText } from './alert-text.js';
import { ActionStatusText, useActionStatus } from '../../app/action-status.js';
import './alerts.css';

const TRIGGER_LABELS: Record<Alert['trigger'], string> = {
  enter: 'enter',
  exit: 'exit',
  dwell: 'dwell',
  proximity: 'proximity',
  lost_contact: 'lost contact',
  speed_above: 'speed above',
  speed_below: 'speed below',
  altitude_above: 'altitude above',
  altitude_below: 'altitude below',
  count_above: 'count above',
};

/** The beep and desktop notification switches; asks for notification permission when switched on. */
function SignalSwitches() {
  const settings = useAlertSignalSettings();
  const [permission, setPermission] = useState(notificationPermission);
  return (
    <div className="alert-signals">
      <label>
        <input type="checkbox" checked={settings.sound} onChange={(e) => setAlertSignal('sound', e.target.checked)} />
        Sound
      </label>
      <label title={permission === 'denied' ? 'Notifications are blocked for this page' : undefined}>
        <input
          type="checkbox"
          checked={settings.notifications}
          onChange={(e) => {
            setAlertSignal('notifications', e.target.checked);
            if (e.target.checked && permission === 'default') void requestNotificationPermission().then(setPermission);
          }}
        />
        Desktop notifications
      </label>
      {settings.notifications && permission === 'default' && (
        <button
          type="button"
          className="link-button"
          onClick={() => void requestNotificationPermission().then(setPermission)}
        >
          Allow notifications
        </button>
      )}
      {settings.notifications && (permission === 'denied' || permission === 'unsupported') && (
        <span className="muted small">{permission === 'denied' ? 'blocked by the browser' : 'not available here'}</span>
      )}
    </div>
  );
}

function AlertRow({ alert, selected }: { alert: Alert; selected: boolean }) {
  const { acknowledge, show } = useAlerts();
  const action = useActionStatus();
  // Main writes the sentence in m/s and metres; it is said in the chosen units here.
  const message = alertText(
    alert,
    useShell((s) => s.units),
  );
  return (
    <li
      className={`alert-row${alert.acknowledged ? ' acknowledged' : ''}${selected ? ' selected' : ''}`}
      data-testid="alert-row"
      data-alert-id={alert.id}
    >
      <button
        type="button"
        className="alert-main"
        onClick={() => show(alert)}
        title="Show on the map and select the object"
      >
        <span className="alert-message">{message}</span>
        <span className="alert-meta muted small">
          <span className="badge">{TRIGGER_LABELS[alert.trigger]}</span> {alert.rule_name} ·{' '}
          {formatTime(alert.observed_at)}
        </span>
      </button>
      {!alert.acknowledged && (
        <button
          type="button"
          className="alert-ack"
          aria-label={`Acknowledge: ${message}`}
          onClick={() => void acknowledge({ ids: [alert.id] }).then(action.clear, action.fail)}
        >
          Acknowledge
        </button>
      )}
      <ActionStatusText status={action.status} testId="alert-action-status" />
    </li>
  );
}

/** The Alerts tab. */
export function AlertsPanel() {
  const { alerts, unacknowledged, loaded, acknowledge } = useAlerts();
  const ackAll = useActionStatus();
  const selectedId = useShell((s) => s.selectedId);
  return (
    <div className="panel-body alerts-panel" data-testid="alerts-panel">
      <div className="panel-toolbar">
        <h2>Alerts</h2>
        <span className="muted" data-testid="alerts-unacknowledged">
          {formatCount(unacknowledged)} unacknowledged
        </span>
        <button
          type="button"
          disabled={unacknowledged === 0}
          onClick={() => void acknowledge('all').then(ackAll.clear, ackAll.fail)}
        >
          Acknowledge all
        </button>
      </div>
      <ActionStatusText status={ackAll.status} testId="alerts-ack-all-status" />
      <SignalSwitches />
      {loaded && alerts.length === 0 && (
        <p className="muted">No alerts yet. Rules (the Rules tab) raise them when objects do what they watch for.</p>
      )}
      <ul className="alert-list" aria-label="Alerts, newest first">
        {alerts.map((a) => (
          <AlertRow key={a.id} alert={a} selected={!!selectedId && a.object_ids.includes(selectedId)} />
        ))}
      </ul>
    </div>
  );
}
