/**
 * Alerts as files (`GET /api/alerts.csv`, `/api/alerts.geojson`): streamed from the store's alert
 * pages, newest first, in bounded memory with backpressure. CSV is RFC 4180 with one row per alert;
 * GeoJSON is a FeatureCollection with a Point per alert that has a position (null geometry otherwise)
 * and the alert as its properties.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AlertQuery, RulesStore, StoredAlert } from '../../../db/rules-store.js';
import { csvCell } from '../files/export/format-writers.js';
import { toAlert } from './rule-rows.js';

export const ALERT_EXPORT_FORMATS = ['csv', 'geojson'] as const;
export type AlertExportFormat = (typeof ALERT_EXPORT_FORMATS)[number];

export const ALERT_CONTENT_TYPES: Record<AlertExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

/** The CSV columns, in order. */
export const ALERT_CSV_COLUMNS = [
  'id',
  'raised_at',
  'observed_at',
  'rule_id',
  'rule_name',
  'trigger',
  'object_ids',
  'geofence_id',
  'lon',
  'lat',
  'message',
  'acknowledged',
] as const;

export interface AlertExportOptions {
  rules: Pick<RulesStore, 'iterateAlerts'>;
  format: AlertExportFormat;
  query: Omit<AlertQuery, 'limit' | 'offset'>;
  out: Writable;
  pageSize?: number;
}

/** Writes every alert of the query; resolves with the count once the last byte is handed to `out` (the caller ends it). */
export async function exportAlerts(options: AlertExportOptions): Promise<{ alerts: number }> {
  const { out, format } = options;
  const write = async (text: string) => {
    if (text !== '' && !out.write(text)) await once(out, 'drain');
  };
  let alerts = 0;
  await write(format === 'csv' ? csvRow(ALERT_CSV_COLUMNS) : '{"type":"FeatureCollection","features":[\n');
  for await (const page of options.rules.iterateAlerts(options.query, options.pageSize ?? 1000)) {
    let chunk = '';
    for (const alert of page) {
      chunk += format === 'csv' ? csvRow(alertCells(alert)) : (alerts === 0 ? '' : ',\n') + alertFeature(alert);
      alerts++;
    }
    await write(chunk);
  }
  if (format === 'geojson') await write('\n]}\n');
  return { alerts };
}

function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function alertCells(stored: StoredAlert): unknown[] {
  const a = toAlert(stored);
  return [
    a.id,
    a.raised_at,
    a.observed_at,
    a.rule_id,
    a.rule_name,
    a.trigger,
    a.object_ids.join(' '),
    a.geofence_id,
    a.position?.[0],
    a.position?.[1],
    a.message,
    a.acknowledged,
  ];
}

function alertFeature(stored: StoredAlert): string {
  const alert = toAlert(stored);
  const geometry = alert.position ? { type: 'Point', coordinates: alert.position } : null;
  return JSON.stringify({ type: 'Feature', id: alert.id, geometry, properties: alert });
}
