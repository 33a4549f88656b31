/** Stored rule rows (db/rules-store.ts) → the contract's shapes (electron/contract/methods/rules.ts). */
import type { Alert, Geofence, Rule } from '../../contract/methods/rules.js';
import type { StoredAlert, StoredGeofence, StoredRule } from '../../../db/rules-store.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export function toGeofence(g: StoredGeofence): Geofence {
  return {
    id: g.id,
    name: g.name,
    geometry: g.geometry,
    bbox: g.bbox,
    object_id: g.objectId,
    created_at: iso(g.createdAt),
    updated_at: iso(g.updatedAt),
  };
}

export function toRule(r: StoredRule): Rule {
  return {
    id: r.id,
    name: r.name,
    filter: r.filter,
    trigger: r.trigger,
    rearm_seconds: r.rearmSeconds,
    enabled: r.enabled,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

export function toAlert(a: StoredAlert): Alert {
  return {
    id: a.id,
    rule_id: a.ruleId,
    rule_name: a.ruleName,
    trigger: a.trigger,
    object_ids: a.objectIds,
    geofence_id: a.geofenceId,
    observed_at: iso(a.observedAt),
    raised_at: iso(a.raisedAt),
    position: a.position,
    message: a.message,
    details: a.details,
    acknowledged: a.acknowledgedAt !== null,
    acknowledged_at: a.acknowledgedAt === null ? null : iso(a.acknowledgedAt),
  };
}
