/**
 * Editable tag table: change a value (Enter or leaving the field saves), remove a tag, add a new one.
 * Errors from main are shown on the row they belong to.
 */
import { useState } from 'react';
import type { TagValue, Tags } from '../../../../electron/contract/domain.js';
import { errorMessage } from '../../app/app-context.js';

/** Keeps a number a number and a boolean a boolean when the text still reads as one. */
export function parseTagValue(text: string, previous: TagValue | undefined): TagValue {
  if (typeof previous === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (typeof previous === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export interface TagEditorProps {
  tags: Tags;
  /** Saves a change (null removes the key); rejects with the error to show. */
  onChange(patch: Record<string, TagValue | null>): Promise<void>;
}

/** A table row announcing the last save's error, or nothing. */
function ErrorRow({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <tr>
      <td colSpan={3} className="field-error" role="alert">
        {error}
      </td>
    </tr>
  );
}

function TagRow({ k, value, onChange }: { k: string; value: TagValue; onChange: TagEditorProps['onChange'] }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = draft ?? String(value);

  async function save(patch: Record<string, TagValue | null>) {
    setBusy(true);
    try {
      await onChange(patch);
      setDraft(null);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  const commit = () => {
    if (draft !== null && draft !== String(value)) void save({ [k]: parseTagValue(draft, value) });
  };
  return (
    <>
      <tr data-testid={`tag-row-${k}`}>
        <th scope="row" title={k}>
          {k}
        </th>
        <td>
          <input
            aria-label={`Value of ${k}`}
            data-testid={`tag-value-${k}`}
            className={error ? 'invalid' : undefined}
            value={shown}
            disabled={busy}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
              if (e.key === 'Escape') setDraft(null);
            }}
          />
        </td>
        <td>
          <button
            type="button"
            className="icon-button"
            title={`Remove tag ${k}`}
            aria-label={`Remove tag ${k}`}
            disabled={busy}
            onClick={() => void save({ [k]: null })}
          >
            ✕
          </button>
        </td>
      </tr>
      <ErrorRow error={error} />
    </>
  );
}

export function TagEditor({ tags, onChange }: TagEditorProps) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const keys = Object.keys(tags).sort();

  async function add() {
    const k = key.trim();
    if (!k) return setError('Tag key must not be empty.');
    if (k in tags) return setError(`Tag '${k}' already exists; change its value above.`);
    try {
      await onChange({ [k]: value });
      setKey('');
      setValue('');
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <table className="tag-table">
      <tbody>
        {keys.map((k) => (
          <TagRow key={k} k={k} value={tags[k]!} onChange={onChange} />
        ))}
        <tr className="tag-add">
          <th>
            <input
              aria-label="New tag key"
              data-testid="tag-new-key"
              placeholder="key"
              value={key}
              onChange={(e) => setKey(e.target.value)}
            />
          </th>
          <td>
            <input
              aria-label="New tag value"
              data-testid="tag-new-value"
              placeholder="value"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && void add()}
            />
          </td>
          <td>
            <button
              type="button"
              className="icon-button"
              title="Add tag"
              aria-label="Add tag"
              onClick={() => void add()}
            >
              +
            </button>
          </td>
        </tr>
        <ErrorRow error={error} />
      </tbody>
    </table>
  );
}
