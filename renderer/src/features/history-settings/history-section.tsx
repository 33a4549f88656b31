/**
 * The "History" section of the "Maps & files" tab (issue 14 item 5): the retention rule (days every
 * position is kept, then one position per object per interval; tag changes always), the positions
 * stored, the database size, what the rule would free, "Run now" and the last run.
 */
import { useEffect, useState } from 'react';
import type { RetentionStatus } from '../../../../electron/contract/methods/retention.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { formatBytes, formatCount, formatTime } from '../../app/format.js';

/** The form's text fields: whole numbers, an empty "days" keeps everything. */
interface Draft {
  days: string;
  seconds: string;
}

const draftOf = (s: RetentionStatus): Draft => ({
  days: s.rule.keep_all_days === null ? '' : String(s.rule.keep_all_days),
  seconds: String(s.rule.downsample_s),
});

/** The section; reads `history.retention` when shown and after every change or run. */
export function HistorySection() {
  const { client } = useApp();
  const [status, setStatus] = useState<RetentionStatus | null>(null);
  const [draft, setDraft] = useState<Draft>({ days: '', seconds: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'run' | null>(null);

  const refresh = async (): Promise<RetentionStatus> => {
    const next = await client.call('history.retention', {});
    setStatus(next);
    return next;
  };

  useEffect(() => {
    let shown = true;
    client.call('history.retention', {}).then(
      (s) => {
        if (!shown) return;
        setStatus(s);
        setDraft(draftOf(s));
      },
      (err: unknown) => shown && setError(errorMessage(err)),
    );
    return () => {
      shown = false;
    };
  }, [client]);

  async function act(kind: 'save' | 'run', run: () => Promise<unknown>) {
    setBusy(kind);
    setError(null);
    try {
      await run();
      const s = await refresh();
      if (kind === 'save') setDraft(draftOf(s));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const save = () =>
    act('save', () =>
      client.call('history.setRetention', {
        keep_all_days: draft.days.trim() === '' ? null : Number(draft.days),
        downsample_s: Number(draft.seconds),
      }),
    );
  const changed = status !== null && (draft.days !== draftOf(status).days || draft.seconds !== draftOf(status).seconds);
  const last = status?.last_run;

  return (
    <section className="offline-section" data-testid="history-section" aria-label="History">
      <h3>History</h3>
      <p className="hint">
        Every position is kept for the days below; older positions are thinned to one per object per interval. Tag
        changes and each object&apos;s newest position are always kept. Leave the days empty to keep everything.
      </p>
      <div className="zoom-range">
        <label>
          Keep every position (days)
          <input
            type="number"
            min={0}
            step={1}
            value={draft.days}
            placeholder="forever"
            data-testid="history-keep-days"
            onChange={(e) => setDraft({ ...draft, days: e.target.value })}
          />
        </label>
        <label>
          Then one per (s)
          <input
            type="number"
            min={1}
            step={1}
            value={draft.seconds}
            data-testid="history-downsample"
            onChange={(e) => setDraft({ ...draft, seconds: e.target.value })}
          />
        </label>
        <button type="button" disabled={!changed || busy !== null} onClick={() => void save()}>
          Save
        </button>
      </div>
      {status && (
        <dl className="facts" data-testid="history-figures">
          <dt>Positions stored</dt>
          <dd>{formatCount(status.positions)}</dd>
          <dt>Database size</dt>
          <dd>{formatBytes(status.database_bytes)}</dd>
          <dt>The rule would free</dt>
          <dd data-testid="history-would-free">
            ≈ {formatBytes(status.bytes_freed)} ({formatCount(status.removable)} positions)
          </dd>
          <dt>Last run</dt>
          <dd data-testid="history-last-run">
            {last
              ? `${formatTime(last.finished_at)}: removed ${formatCount(last.removed)}${last.error ? ` (failed: ${last.error})` : last.complete ? '' : ' (stopped)'}`
              : 'not yet since the app started'}
          </dd>
        </dl>
      )}
      <div className="offline-actions">
        <button
          type="button"
          data-testid="history-run-now"
          disabled={busy !== null || status?.rule.keep_all_days === null}
          onClick={() => void act('run', () => client.call('history.prune', {}))}
        >
          {busy === 'run' ? 'Running…' : 'Run now'}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
