/**
 * Data sources: each with its live status in words (publishers, listener, poller), rate, last
 * message and last error, an active toggle, Show on map, edit, delete with confirmation, and for
 * push sources their publisher URL and push token (rotate, copy); plus the create form.
 */
import { useState } from 'react';
import type { DataSource, SourceStatus } from '../../../../electron/contract/domain.js';
import { isPushSource } from '../../../../electron/contract/domain.js';
import { useApp } from '../../app/app-context.js';
import { ActionStatusText, useActionStatus } from '../../app/action-status.js';
import { useShell, useShellActions } from '../../app/shell-context.js';
import { useSources } from '../../app/use-sources.js';
import { formatAge, formatCount } from '../../app/format.js';
import { useNow } from '../../app/use-now.js';
import { maskedFields, publisherUrls, SECRET_MASK } from './connection-info.js';
import { SourceForm } from './source-form.js';
import { sourceStatusWords } from './status-words.js';
import { TokenNotice } from './token-notice.js';

function StatusLine({ source, status }: { source: DataSource; status: SourceStatus | undefined }) {
  const now = useNow(1000);
  const state = status?.state ?? (source.is_active ? 'idle' : 'stopped');
  const live = state === 'idle' && (status?.publishers ?? 0) > 0;
  return (
    <div className="source-status">
      <span className={`state-dot state-${live ? 'connected' : state}`} aria-hidden />
      <span data-testid="source-state" data-state={state}>
        {sourceStatusWords(source, status, now)}
      </span>
      {status && (
        <>
          <span>{status.rate_per_s.toFixed(1)}/s</span>
          <span>{formatCount(status.stored)} stored</span>
          {status.rejected > 0 && <span className="warn-text">{formatCount(status.rejected)} rejected</span>}
          <span>
            last message{' '}
            {status.last_message_at ? `${formatAge(Date.parse(status.last_message_at), now)} ago` : 'never'}
          </span>
        </>
      )}
      {status?.last_error && (
        <div className="error-text" title={status.last_error}>
          {status.last_error}
        </div>
      )}
    </div>
  );
}

/** The feed a source reads (as main answers it: credentials masked) and how many credentials it keeps encrypted. */
function FeedLine({ source }: { source: DataSource }) {
  const url = source.connection_info['url'];
  const secrets = maskedFields(source.connection_info).length;
  if (typeof url !== 'string' && secrets === 0) return null;
  return (
    <div className="muted small" data-testid="source-feed">
      {typeof url === 'string' && (
        <>
          Reads <code data-testid="source-feed-url">{url}</code>{' '}
        </>
      )}
      {secrets > 0 && (
        <span data-testid="source-secrets" title={`Shown as ${SECRET_MASK}; edit the source to replace them.`}>
          · {secrets} credential{secrets === 1 ? '' : 's'} stored encrypted
        </span>
      )}
    </div>
  );
}

/**
 * A push source's publisher URL and push token: the token is kept only as a hash, so it is shown
 * (with Copy) once after create or rotate; otherwise Rotate issues a new one.
 */
function PushToken({
  source,
  hubUrl,
  token,
  onToken,
}: {
  source: DataSource;
  hubUrl: string | null;
  token: string | null;
  onToken(t: string | null): void;
}) {
  const { client } = useApp();
  // A refused rotation says why beside the button (the new token itself replaces this line).
  const action = useActionStatus();
  const urls = hubUrl ? publisherUrls(hubUrl, source.id) : null;
  if (token) return <TokenNotice sourceId={source.id} token={token} hubUrl={hubUrl} onClose={() => onToken(null)} />;
  return (
    <div className="push-token" data-testid="push-token">
      {urls && (
        <div className="muted small">
          Publish to <code>{source.type === 'rest' ? `POST ${urls.rest}` : urls.websocket}</code>
        </div>
      )}
      <div className="copy-row">
        <span className="muted small">
          Push token: shown only once, when the source was created or the token rotated.
        </span>
        <button
          type="button"
          onClick={() =>
            void client.call('sources.rotateToken', { id: source.id }).then((r) => {
              action.clear();
              onToken(r.token);
            }, action.fail)
          }
        >
          Rotate token
        </button>
      </div>
      <ActionStatusText status={action.status} testId="push-token-status" />
    </div>
  );
}

function SourceCard({
  source,
  status,
  hubUrl,
  token,
  onEdit,
  onToken,
  reload,
}: {
  source: DataSource;
  status: SourceStatus | undefined;
  hubUrl: string | null;
  /** The push token just issued for this source, shown once. */
  token: string | null;
  onEdit(): void;
  onToken(t: string | null): void;
  reload(): Promise<void>;
}) {
  const { client } = useApp();
  const { showSource } = useShellActions();
  const [confirm, setConfirm] = useState(false);
  const empty = status !== undefined && status.stored === 0;
  // Why a switch, a delete or a rotation was refused shows on the card, beside its buttons.
  const action = useActionStatus();
  const run = (p: Promise<unknown>) =>
    void p.then(() => {
      action.clear();
      return reload();
    }, action.fail);
  return (
    <li className="source-card" data-testid="source-card" data-source-id={source.id}>
      <div className="source-head">
        <strong>{source.name}</strong>
        <span className="badge">{source.type}</span>
        <label className="switch" title={source.is_active ? 'Deactivate' : 'Activate'}>
          <input
            type="checkbox"
            data-testid="source-active"
            checked={source.is_active}
            onChange={() =>
              run(client.call(source.is_active ? 'sources.deactivate' : 'sources.activate', { id: source.id }))
            }
          />
          {source.is_active ? 'Active' : 'Inactive'}
        </label>
      </div>
      {source.description && <div className="muted">{source.description}</div>}
      <StatusLine source={source} status={status} />
      <FeedLine source={source} />
      {isPushSource(source) && <PushToken source={source} hubUrl={hubUrl} token={token} onToken={onToken} />}
      <div className="source-actions">
        <button
          type="button"
          data-testid="source-show-on-map"
          disabled={empty}
          title={empty ? 'Nothing stored from this source yet' : "Zoom the map to this source's objects"}
          onClick={() => showSource(source.id)}
        >
          Show on map
        </button>
        <button type="button" onClick={onEdit}>
          Edit
        </button>
        {confirm ? (
          <span className="confirm">
            Delete {source.name} and all its objects?{' '}
            <button
              type="button"
              className="danger"
              data-testid="source-delete-confirm"
              onClick={() => run(client.call('sources.delete', { id: source.id }))}
            >
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirm(false)}>
              No
            </button>
          </span>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirm(true)}>
            Delete
          </button>
        )}
        <ActionStatusText status={action.status} testId="source-action-status" />
      </div>
    </li>
  );
}

/** The Sources tab. */
export function SourcesPanel() {
  const state = useSources();
  const hubUrl = useShell((s) => s.info?.hub_url ?? null);
  const [editing, setEditing] = useState<DataSource | 'new' | null>(null);
  const [token, setToken] = useState<{ id: string; token: string } | null>(null);
  return (
    <div className="panel-body sources-panel" data-testid="sources-panel">
      <div className="panel-toolbar">
        <h2>Data sources</h2>
        <button type="button" className="primary" data-testid="source-new" onClick={() => setEditing('new')}>
          New source
        </button>
      </div>
      {editing && (
        <SourceForm
          source={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={({ source, token: t }) => {
            setEditing(null);
            // Only a push source's publishers use its token; other sources never show it.
            if (t && isPushSource(source)) setToken({ id: source.id, token: t });
            void state.reload();
          }}
        />
      )}
      {state.loaded && state.sources.length === 0 && !editing && (
        <p className="muted">No data sources yet. Create one, e.g. a simulator, to see objects move.</p>
      )}
      <ul className="source-list">
        {state.sources.map((s) => (
          <SourceCard
            key={s.id}
            source={s}
            status={state.status[s.id]}
            hubUrl={hubUrl}
            token={token?.id === s.id ? token.token : null}
            onEdit={() => setEditing(s)}
            onToken={(t) => setToken(t === null ? null : { id: s.id, token: t })}
            reload={state.reload}
          />
        ))}
      </ul>
    </div>
  );
}
