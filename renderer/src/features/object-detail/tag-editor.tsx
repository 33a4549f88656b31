/**
 * Editable tag table: change a value (Enter or leaving the field saves), remove a tag, add a new one.
 * A key edited by hand keeps its value over feed updates: its row says so, shows the feed's value and
 * offers to give the key back to the feed. Errors from main are shown on the row they belong to.
 */
import { Fragment, useState } from 'react';
import type { TagOverrides, TagValue, Tags } from '../../../../electron/contract/domain.js';
import { errorMessage } from '../../app/app-context.js';
import { STORED_TAG_UNITS } from '../../app/units.js';

/** Keeps a number a number and a boolean a boolean when the text still reads as one. */
export function parseTagValue(text: string, previous: TagValue | undefined): TagValue {
  if (typeof previous === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (typeof previous === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export interface TagEditorProps {
  tags: Tags;
  /** Keys edited by hand, with the feed's value of each (absent: none). */
  overrides?: TagOverrides | undefined;
  /** Saves a change (null removes the key); rejects with the error to show. */
  onChange(patch: Record<string, TagValue | null>): Promise<void>;
  /** Gives a hand-edited key back to the feed; rejects with the error to show. */
  onClear(key: string): Promise<void>;
}

/** What a hand-edited key's note says: that it was edited, and the feed's value beside it. */
export function overrideNote(o: { value: TagValue | null; feed: TagValue | null }): string {
  const feed = o.feed === null ? 'the feed has no value' : `the feed says “${String(o.feed)}”`;
  return `${o.value === null ? 'Removed' : 'Edited'} by hand; ${feed}.`;
}

/** A hand-edited key's note and its "Use feed value" button, under the key's row. */
function OverrideRow({ k, note, onClear }: { k: string; note: string; onClear: TagEditorProps['onClear'] }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function clear() {
    setBusy(true);
    try {
      await onClear(k);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <tr className="tag-override" data-testid={`tag-override-${k}`}>
        <td colSpan={3}>
          {note}{' '}
          <button
            type="button"
            className="link-button"
            aria-label={`Use the feed's value of ${k}`}
            disabled={busy}
            onClick={() => void clear()}
          >
            Use feed value
          </button>
        </td>
      </tr>
      <ErrorRow error={error} />
    </>
  );
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

function TagRow({
  k,
  value,
  edited,
  onChange,
}: {
  k: string;
  value: TagValue;
  edited: boolean;
  onChange: TagEditorProps['onChange'];
}) {
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
      <tr data-testid={`tag-row-${k}`} className={edited ? 'tag-edited' : undefined}>
        <th scope="row" title={edited ? `${k} (edited by hand)` : k}>
          {k}
          {STORED_TAG_UNITS[k] && <span className="muted tag-unit"> ({STORED_TAG_UNITS[k]})</span>}
          {edited && (
            <span className="tag-edited-mark" aria-label="edited by hand">
              {' '}
              ✎
            </span>
          )}
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

export function TagEditor({ tags, overrides, onChange, onClear }: TagEditorProps) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Keys removed by hand are listed too: they are absent from the tags, but the feed still sends them.
  const keys = [...new Set([...Object.keys(tags), ...Object.keys(overrides ?? {})])].sort();

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
        {keys.map((k) => {
          const o = overrides?.[k];
          return (
            <Fragment key={k}>
              {Object.hasOwn(tags, k) ? (
                <TagRow k={k} value={tags[k]!} edited={o !== undefined} onChange={onChange} />
              ) : (
                <tr data-testid={`tag-row-${k}`} className="tag-edited tag-removed">
                  <th scope="row" title={`${k} (removed by hand)`}>
                    <s>{k}</s>
                  </th>
                  <td colSpan={2}>removed</td>
                </tr>
              )}
              {o && <OverrideRow k={k} note={overrideNote(o)} onClear={onClear} />}
            </Fragment>
          );
        })}
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
