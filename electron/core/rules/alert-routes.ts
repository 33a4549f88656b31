/**
 * The alert query parameters of the hub's REST routes (`since`, `rule_id`, `acknowledged`, `limit`,
 * `offset`) and the two export routes, `GET /api/alerts.csv` and `GET /api/alerts.geojson`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isoTimeSchema } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import type { RulesStore } from '../../../db/rules-store.js';
import { ALERT_CONTENT_TYPES, exportAlerts, type AlertExportFormat } from './alert-export.js';

/** `alerts.list` params as a URL's query gives them; the contract then checks ranges. */
export interface AlertQueryParams {
  since?: string;
  rule_id?: string;
  acknowledged?: boolean;
  limit?: number;
  offset?: number;
}

/** Reads the alert query parameters; a bad value throws INVALID_INPUT naming the parameter and the value. */
export function alertParamsFromQuery(q: URLSearchParams): AlertQueryParams {
  const out: AlertQueryParams = {};
  const since = q.get('since');
  if (since !== null && since !== '') {
    if (!isoTimeSchema.safeParse(since).success) throw bad('since', 'an ISO time such as 2026-03-10T12:00:00Z', since);
    out.since = since;
  }
  const rule = q.get('rule_id');
  if (rule !== null && rule !== '') {
    if (rule.length > 64) throw bad('rule_id', 'a rule id of at most 64 characters', rule);
    out.rule_id = rule;
  }
  const acknowledged = q.get('acknowledged');
  if (acknowledged !== null && acknowledged !== '') {
    if (!/^(true|false|1|0)$/.test(acknowledged)) throw bad('acknowledged', 'true, false, 1 or 0', acknowledged);
    out.acknowledged = acknowledged === 'true' || acknowledged === '1';
  }
  return { ...out, ...pageParamsFromQuery(q) };
}

/** `limit` and `offset` of a list route, digits only; the contract then checks their range. */
export function pageParamsFromQuery(q: URLSearchParams): { limit?: number; offset?: number } {
  const out: { limit?: number; offset?: number } = {};
  for (const key of ['limit', 'offset'] as const) {
    const raw = q.get(key);
    if (raw === null || raw === '') continue;
    if (!/^\d{1,9}$/.test(raw)) throw bad(key, 'a non-negative integer', raw);
    out[key] = Number(raw);
  }
  return out;
}

function bad(name: string, want: string, got: string): AppError {
  return new AppError('INVALID_INPUT', `Query parameter '${name}' must be ${want}, got '${got.slice(0, 100)}'.`, {
    details: { field: name },
  });
}

/** `GET /api/alerts.{csv,geojson}`: every alert the query selects (limit/offset do not apply), newest first, streamed. */
export function alertExportRoute(
  rules: Pick<RulesStore, 'iterateAlerts'>,
  format: AlertExportFormat,
): (req: IncomingMessage, res: ServerResponse, ctx: { url: URL }) => Promise<void> {
  return async (_req, res, { url }) => {
    // Read before the 200 goes out, so a bad parameter is a 400 rather than a cut stream.
    const p = alertParamsFromQuery(url.searchParams);
    res.writeHead(200, {
      'Content-Type': ALERT_CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="alerts.${format}"`,
      'Cache-Control': 'no-store',
    });
    try {
      await exportAlerts({
        rules,
        format,
        out: res,
        query: {
          ...(p.since === undefined ? {} : { since: Date.parse(p.since) }),
          ...(p.rule_id === undefined ? {} : { ruleId: p.rule_id }),
          ...(p.acknowledged === undefined ? {} : { acknowledged: p.acknowledged }),
        },
      });
      res.end();
    } catch (err) {
      // Headers are gone: cut the stream so the reader sees a truncated file, not a valid one.
      res.destroy(err as Error);
    }
  };
}
