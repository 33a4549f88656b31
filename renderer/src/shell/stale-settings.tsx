// The "stale after" setting over the map: one threshold per kind of moving object, in minutes, or
// never. A kind's objects with no update for that long are dimmed on the map, marked in the list,
// match the filter's `stale` and leave `-stale`. The setting is the core's (app.setStaleThresholds),
// so the hub's subscribers and the rules count the same way; a refused change says why on its line.
import { useCallback, useState } from 'react';
import { ActionStatusText, useActionStatus } from '../app/action-status.js';
import { useApp } from '../app/app-context.js';
import { useShell, useShellActions } from '../app/shell-context.js';
import { clampStaleAfter, formatStaleAfter } from '../state/stale-thresholds.js';
import { STALE_KINDS, type StaleKind } from '../state/staleness.js';

const LABELS: Record<StaleKind, string> = {
  aircraft: 'aircraft',
  drone: 'drone',
  car: 'car',
  phone: 'phone',
  person: 'person',
  ship: 'ship',
  sensor: 'sensor',
  base_station: 'base station',
  aton: 'aid to navigation',
  other: 'other kinds',
};

type SaveStale = (kind: StaleKind, seconds: number | null) => void;

/** Changes a kind's threshold here at once and in the core; a refusal is reported on `fail`. */
function useSaveStale(fail: (err: unknown) => void, clear: () => void): SaveStale {
  const { client } = useApp();
  const { setStaleAfter } = useShellActions();
  return useCallback(
    (kind, seconds) => {
      const value = clampStaleAfter(seconds);
      setStaleAfter(kind, value);
      clear();
      // The core's answer (and app.staleThresholdsChanged) puts its table back if it refused.
      client.call('app.setStaleThresholds', { thresholds: { [kind]: value } }).catch(fail);
    },
    [client, setStaleAfter, fail, clear],
  );
}

/** A minutes field that applies its value on Enter or when it loses focus. */
function MinutesField({ kind, seconds, save }: { kind: StaleKind; seconds: number | null; save: SaveStale }) {
  const shown = seconds === null ? '' : String(Math.round((seconds / 60) * 100) / 100);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const minutes = Number(draft);
    // An empty or zero field keeps the kind as it was; "never" is the checkbox.
    if (draft.trim() !== '' && Number.isFinite(minutes) && minutes > 0) save(kind, minutes * 60);
    setDraft(null);
  };
  return (
    <input
      type="number"
      min={0.1}
      step="any"
      aria-label={`Stale after for ${LABELS[kind]} (minutes)`}
      data-testid={`stale-after-${kind}`}
      disabled={seconds === null}
      value={draft ?? shown}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

/** The per-kind thresholds, folded into one "stale after…" line until opened. */
export function StaleSettings() {
  const staleAfter = useShell((s) => s.staleAfter);
  const action = useActionStatus();
  const setStaleAfter = useSaveStale(action.fail, action.clear);
  return (
    <details className="stale-settings" data-testid="stale-settings">
      <summary title="When a moving object counts as stale: dimmed on the map, marked in the list">
        stale after…
      </summary>
      <div className="stale-grid" role="group" aria-label="Stale after, per kind">
        {STALE_KINDS.map((kind) => (
          <div className="stale-row" key={kind} title={`${LABELS[kind]}: ${formatStaleAfter(staleAfter[kind])}`}>
            <span>{LABELS[kind]}</span>
            <MinutesField kind={kind} seconds={staleAfter[kind]} save={setStaleAfter} />
            <span>min</span>
            <label>
              <input
                type="checkbox"
                data-testid={`stale-never-${kind}`}
                checked={staleAfter[kind] === null}
                onChange={(e) => setStaleAfter(kind, e.target.checked ? null : 600)}
              />
              never
            </label>
          </div>
        ))}
        <ActionStatusText status={action.status} testId="stale-action-status" />
        <p className="hint">
          Objects without a kind, speed or heading — OSM elements, imported places — are never stale. The filter&apos;s{' '}
          <code>stale</code> and <code>-stale</code>, the hub and the rules use these too.
        </p>
      </div>
    </details>
  );
}
