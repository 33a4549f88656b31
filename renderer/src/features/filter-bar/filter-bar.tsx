/**
 * The filter bar: the text syntax (checked by main as you type, errors shown at their position),
 * quick chips for type, kind and source, and saved views by name.
 */
import { useRef, useState } from 'react';
import type { ObjectType } from '../../../../electron/contract/domain.js';
import { OBJECT_TYPES } from '../../../../electron/contract/domain.js';
import { useShell, useShellActions, useShellCommand } from '../../app/shell-context.js';
import { useSources } from '../../app/use-sources.js';
import { KINDS } from '../../map/layers/symbols.js';
import { formatCount } from '../../app/format.js';
import { toObjectFilter, type FilterState } from '../../state/filter-state.js';
import { SavedViews } from '../saved-views/saved-views.js';
import { toggle } from './filter-bar-state.js';
import { FilterCompletionList } from './filter-completion.js';
import { FilterErrorLine } from './filter-error-line.js';
import { useFilterCheck } from './use-filter-check.js';
import { useFilterCompletion } from './use-filter-completion.js';

/** The bar under the title: applies the filter through the shell store, focused by the "/" command. */
export function FilterBar() {
  const value = useShell((s) => s.filter);
  // Ticks when live data or the stale thresholds changed, so the match count is asked for again.
  const refreshKey = useShell((s) => s.listTick);
  const { sources } = useSources();
  const { applyFilter: onApply } = useShellActions();
  const inputRef = useRef<HTMLInputElement>(null);
  useShellCommand('focusFilter', () => inputRef.current?.focus());
  const [draft, setDraft] = useState(value.text);
  // A filter applied from elsewhere (chips, saved views, Clear) replaces the draft text.
  const [appliedText, setAppliedText] = useState(value.text);
  if (appliedText !== value.text) {
    setAppliedText(value.text);
    setDraft(value.text);
  }
  const { error, matches } = useFilterCheck(toObjectFilter({ ...value, text: draft }), refreshKey);
  const completion = useFilterCompletion(inputRef, draft, setDraft);

  const apply = (patch: Partial<FilterState>) => onApply({ ...value, text: draft, ...patch });
  const chip = (label: string, active: boolean, onClick: () => void, testId: string) => (
    <button
      type="button"
      key={testId}
      className={`chip${active ? ' active' : ''}`}
      aria-pressed={active}
      title={label}
      onClick={onClick}
      data-testid={testId}
    >
      {label}
    </button>
  );

  return (
    <div className="filter-bar">
      <form
        className="filter-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!error) apply({});
        }}
      >
        <input
          ref={inputRef}
          {...completion.inputProps}
          className={`filter-input${error ? ' invalid' : ''}`}
          data-testid="filter-input"
          aria-label="Filter (text syntax)"
          aria-invalid={!!error}
          placeholder='Filter, e.g. kind=ship speed>10 name~"^Ever" -stale   (press / to focus, Enter to apply)'
          value={draft}
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setDraft(value.text);
              (e.target as HTMLInputElement).blur();
            }
          }}
        />
        <FilterCompletionList completion={completion} />
        <button type="submit" disabled={!!error} data-testid="filter-apply">
          Apply
        </button>
        <button
          type="button"
          onClick={() => onApply({ text: '', types: [], kinds: [], sourceIds: [] })}
          title="Clear every filter"
        >
          Clear
        </button>
        <span
          className="filter-count"
          data-testid="filter-count"
          title="Objects the filter as typed here selects, anywhere (Enter applies it; the status bar counts the applied one)"
        >
          {matches === null ? '' : `${formatCount(matches)} match${matches === 1 ? '' : 'es'}`}
        </span>
        <SavedViews current={{ ...value, text: draft }} />
      </form>
      {error && <FilterErrorLine text={draft} error={error} testId="filter-error" />}
      <div className="chips" aria-label="Quick filters">
        {OBJECT_TYPES.map((t: ObjectType) =>
          chip(t, value.types.includes(t), () => apply({ types: toggle(value.types, t) }), `chip-type-${t}`),
        )}
        <span className="chip-sep" />
        {KINDS.map((k) =>
          chip(k, value.kinds.includes(k), () => apply({ kinds: toggle(value.kinds, k) }), `chip-kind-${k}`),
        )}
        {sources.length > 0 && <span className="chip-sep" />}
        {sources.map((s) =>
          chip(
            s.name,
            value.sourceIds.includes(s.id),
            () => apply({ sourceIds: toggle(value.sourceIds, s.id) }),
            `chip-source-${s.id}`,
          ),
        )}
      </div>
    </div>
  );
}
