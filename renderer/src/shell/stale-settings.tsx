// The "stale after" setting over the map: one threshold per kind of moving object, in minutes, or
// never. A kind's objects with no update for that long are dimmed on the map and marked in the list.
import { useState } from 'react';
import { useShell, useShellActions } from '../app/shell-context.js';
import { formatStaleAfter } from '../state/stale-thresholds.js';
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

/** A minutes field that applies its value on Enter or when it loses focus. */
function MinutesField({ kind, seconds }: { kind: StaleKind; seconds: number | null }) {
  const { setStaleAfter } = useShellActions();
  const shown = seconds === null ? '' : String(Math.round((seconds / 60) * 100) / 100);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const minutes = Number(draft);
    // An empty or zero field keeps the kind as it was; "never" is the checkbox.
    if (draft.trim() !== '' && Number.isFinite(minutes) && minutes > 0) setStaleAfter(kind, minutes * 60);
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
  const { setStaleAfter } = useShellActions();
  return (
    <details className="stale-settings" data-testid="stale-settings">
      <summary title="When a moving object counts as stale: dimmed on the map, marked in the list">
        stale after…
      </summary>
      <div className="stale-grid" role="group" aria-label="Stale after, per kind">
        {STALE_KINDS.map((kind) => (
          <div className="stale-row" key={kind} title={`${LABELS[kind]}: ${formatStaleAfter(staleAfter[kind])}`}>
            <span>{LABELS[kind]}</span>
            <MinutesField kind={kind} seconds={staleAfter[kind]} />
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
        <p className="hint">
          Objects without a kind, speed or heading — OSM elements, imported places — are never stale.
        </p>
      </div>
    </details>
  );
}
