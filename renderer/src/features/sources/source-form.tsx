/**
 * Create or edit a data source: name, description, type and a connection-info JSON editor checked as
 * you type against the contract's schemas (same sentence as main). Errors from main are shown under the form.
 */
import { useRef, useState } from 'react';
import type { DataSource, SourceType } from '../../../../electron/contract/domain.js';
import { SOURCE_TYPES } from '../../../../electron/contract/domain.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import {
  checkConnectionInfo,
  CONNECTION_TEMPLATES,
  maskedFields,
  SECRET_MASK,
  TYPE_HINTS,
  type ConnectionCheck,
} from './connection-info.js';

export interface SourceFormProps {
  /** The source to edit, or null to create one. */
  source: DataSource | null;
  onSaved(result: { source: DataSource; token?: string }): void;
  onCancel(): void;
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** Why Save/Create cannot be pressed now, naming the field to fix; null when it can. */
function saveBlockedReason(busy: boolean, nameError: string | null, check: ConnectionCheck): string | null {
  if (busy) return 'Saving…';
  if (nameError) return nameError;
  if (!check.ok) return `Fix the connection info: ${check.message}`;
  return null;
}

export function SourceForm({ source, onSaved, onCancel }: SourceFormProps) {
  const { client } = useApp();
  const [name, setName] = useState(source?.name ?? '');
  const [description, setDescription] = useState(source?.description ?? '');
  const [type, setType] = useState<SourceType>(source?.type ?? 'simulator');
  const [info, setInfo] = useState(pretty(source?.connection_info ?? CONNECTION_TEMPLATES.simulator));
  const [active, setActive] = useState(source?.is_active ?? true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = checkConnectionInfo(info, type);
  const infoBox = useRef<HTMLTextAreaElement>(null);
  const masked = check.ok ? maskedFields(check.value) : [];
  const nameError = name.trim() === '' ? 'Fill in a name.' : null;
  const blocked = saveBlockedReason(busy, nameError, check);

  async function submit() {
    if (!check.ok || nameError) return;
    setBusy(true);
    try {
      if (source) {
        const saved = await client.call('sources.update', {
          id: source.id,
          name,
          description,
          connection_info: check.value,
          is_active: active,
        });
        onSaved({ source: saved });
      } else {
        const created = await client.call('sources.create', {
          name,
          description,
          type,
          connection_info: check.value,
          is_active: active,
        });
        const { token, ...rest } = created;
        onSaved({ source: rest, token });
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="source-form"
      data-testid="source-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{source ? `Edit ${source.name}` : 'New data source'}</h3>
      <label>
        Name
        <input
          data-testid="source-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!nameError}
          autoFocus
        />
      </label>
      {nameError && name !== '' && <div className="field-error">{nameError}</div>}
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label>
        Type
        <select
          data-testid="source-type"
          value={type}
          disabled={!!source}
          onChange={(e) => {
            const t = e.target.value as SourceType;
            setType(t);
            setInfo(pretty(CONNECTION_TEMPLATES[t]));
          }}
        >
          {SOURCE_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">{TYPE_HINTS[type]}</p>
      <label>
        Connection info (JSON)
        <textarea
          data-testid="source-connection-info"
          ref={infoBox}
          className={check.ok ? undefined : 'invalid'}
          aria-invalid={!check.ok}
          rows={8}
          spellCheck={false}
          value={info}
          onChange={(e) => setInfo(e.target.value)}
        />
      </label>
      <div className={check.ok ? 'field-ok' : 'field-error'} role="status" data-testid="connection-info-check">
        {check.ok ? 'Valid JSON.' : check.message}
      </div>
      {masked.length > 0 && <MaskedNote fields={masked} text={info} box={infoBox} />}
      <label className="inline">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active
      </label>
      {error && (
        <div className="field-error" role="alert" data-testid="source-form-error">
          {error}
        </div>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={blocked !== null}
          title={blocked ?? undefined}
          aria-describedby={blocked ? 'source-save-why' : undefined}
          data-testid="source-save"
        >
          {source ? 'Save' : 'Create'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {blocked && (
          <span id="source-save-why" className="disabled-reason" data-testid="source-save-why">
            {blocked}
          </span>
        )}
      </div>
    </form>
  );
}

/**
 * Stored credentials come back masked: sending the mask keeps each one; "Replace" selects the n-th mask
 * in the editor so typing a new value replaces it.
 */
function MaskedNote({
  fields,
  text,
  box,
}: {
  fields: string[];
  text: string;
  box: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const select = (n: number) => {
    let at = -1;
    for (let i = 0; i <= n; i++) at = text.indexOf(SECRET_MASK, at + 1);
    if (at < 0 || !box.current) return;
    box.current.focus();
    box.current.setSelectionRange(at, at + SECRET_MASK.length);
  };
  return (
    <div className="hint" data-testid="masked-note">
      Credentials are stored encrypted and shown as {SECRET_MASK}. Leave {SECRET_MASK} to keep one; type a new value in
      its place to replace it.
      <ul>
        {fields.map((field, i) => (
          <li key={`${field}#${i}`}>
            <code>{field}</code>{' '}
            <button type="button" data-testid="replace-secret" onClick={() => select(i)}>
              Replace
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
