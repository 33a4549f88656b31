import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../electron/contract/methods/rules.js';
import { ALERTS_KEPT, alertRaised, alertsAcknowledged, EMPTY_ALERTS } from './alerts-state.js';

function alert(id: string, acknowledged = false): Alert {
  return {
    id,
    rule_id: 'r',
    rule_name: 'Harbour watch',
    trigger: 'enter',
    object_ids: ['o'],
    geofence_id: 'g',
    observed_at: '2026-01-01T00:00:00.000Z',
    raised_at: '2026-01-01T00:00:00.100Z',
    position: [1, 2],
    message: `Alert ${id}.`,
    details: {},
    acknowledged,
    acknowledged_at: null,
  };
}

describe('alertRaised', () => {
  it('puts a new alert on top and counts it when unacknowledged', () => {
    const s = alertRaised(alertRaised(EMPTY_ALERTS, alert('a')), alert('b'));
    expect(s.alerts.map((a) => a.id)).toEqual(['b', 'a']);
    expect(s.unacknowledged).toBe(2);
    expect(alertRaised(s, alert('c', true)).unacknowledged).toBe(2);
  });
  it('replaces an alert already listed without counting it twice', () => {
    const s = alertRaised(alertRaised(EMPTY_ALERTS, alert('a')), alert('b'));
    const again = alertRaised(s, { ...alert('a'), message: 'changed' });
    expect(again.alerts.map((a) => a.message)).toEqual(['Alert b.', 'changed']);
    expect(again.unacknowledged).toBe(2);
  });
  it('keeps at most ALERTS_KEPT alerts', () => {
    let s = EMPTY_ALERTS;
    for (let i = 0; i <= ALERTS_KEPT; i++) s = alertRaised(s, alert(String(i)));
    expect(s.alerts).toHaveLength(ALERTS_KEPT);
    expect(s.alerts[0]?.id).toBe(String(ALERTS_KEPT));
    expect(s.unacknowledged).toBe(ALERTS_KEPT + 1);
  });
});

describe('alertsAcknowledged', () => {
  const s = { alerts: [alert('a'), alert('b'), alert('c')], unacknowledged: 7 };
  it('flags the named alerts and takes the store count', () => {
    const next = alertsAcknowledged(s, { ids: ['b'], all: false, unacknowledged: 6 }, 'T');
    expect(next.alerts.map((a) => a.acknowledged)).toEqual([false, true, false]);
    expect(next.alerts[1]?.acknowledged_at).toBe('T');
    expect(next.unacknowledged).toBe(6);
  });
  it('flags every alert for all: true', () => {
    const next = alertsAcknowledged(s, { ids: [], all: true, unacknowledged: 0 }, 'T');
    expect(next.alerts.every((a) => a.acknowledged)).toBe(true);
    expect(next.unacknowledged).toBe(0);
  });
});
