// Saved filters: pick one to apply, save the current one under a name, delete the picked one.
import { useState } from 'react';
import type { FilterState } from '../../state/filter-state.js';
import { deleteSavedFilter, loadSavedFilters, saveFilter } from './filter-bar-state.js';

export function SavedFilters({ current, onLoad }: { current: FilterState; onLoad(f: FilterState): void }) {
  const [saved, setSaved] = useState(() => loadSavedFilters());
  const [picked, setPicked] = useState('');
  const [naming, setNaming] = useState<string | null>(null);

  if (naming !== null) {
    const name = naming.trim();
    return (
      <span className="saved-filters">
        <input
          autoFocus
          aria-label="Name for the saved filter"
          placeholder="Name"
          value={naming}
          onChange={(e) => setNaming(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (name) {
                setSaved(saveFilter(name, current));
                setPicked(name);
                setNaming(null);
              }
            } else if (e.key === 'Escape') setNaming(null);
          }}
        />
        <button
          type="button"
          disabled={!name}
          onClick={() => {
            setSaved(saveFilter(name, current));
            setPicked(name);
            setNaming(null);
          }}
        >
          Save
        </button>
        <button type="button" onClick={() => setNaming(null)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <span className="saved-filters">
      <select
        aria-label="Saved filters"
        value={picked}
        onChange={(e) => {
          setPicked(e.target.value);
          const s = saved.find((x) => x.name === e.target.value);
          if (s) onLoad(s.filter);
        }}
      >
        <option value="">Saved filters…</option>
        {saved.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => setNaming(picked)} title="Save the current filter under a name">
        Save as…
      </button>
      {picked && (
        <button
          type="button"
          title={`Delete the saved filter '${picked}'`}
          onClick={() => {
            setSaved(deleteSavedFilter(picked));
            setPicked('');
          }}
        >
          Delete
        </button>
      )}
    </span>
  );
}
