// "Saved views…" in the header: pick one to show it, "Save view…" saves what the window shows under
// a name, Delete, and "Copy link" (an address that opens the app on the view).
import { useState } from 'react';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useIsDesktop, useShellStore } from '../../app/shell-context.js';
import { parseMapHash } from '../../map/map-hash.js';
import type { FilterState } from '../../state/filter-state.js';
import { useTileLayersState } from '../offline/use-tile-layers.js';
import { useSavedViews } from './use-saved-views.js';
import { viewLink, viewOfWindow } from './view-state.js';

/** The saved views control; `current` is the filter as the bar holds it (the draft text included). */
export function SavedViews({ current }: { current: FilterState }) {
  const { client } = useApp();
  const shell = useShellStore();
  const { baseId } = useTileLayersState();
  const isDesktop = useIsDesktop();
  const [picked, setPicked] = useState('');
  const { views, apply } = useSavedViews(setPicked);
  const [naming, setNaming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ url: string; copied: boolean } | null>(null);
  const list = views ?? [];
  // A view deleted elsewhere is no longer picked.
  const pickedView = list.find((v) => v.name === picked);

  const save = (name: string) => {
    const { replay, trailMin, colourBy, staleAfter } = shell.getState();
    const map = parseMapHash(location.hash);
    const view = viewOfWindow({ filter: current, map, basemap: baseId, colourBy, replay, trailMin, staleAfter });
    client.call('views.save', { name, view }).then(
      (saved) => {
        setPicked(saved.name);
        setNaming(null);
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  };

  if (naming !== null) {
    const name = naming.trim();
    return (
      <span className="saved-views">
        <input
          autoFocus
          aria-label="Name for the saved view"
          placeholder="Name"
          value={naming}
          onChange={(e) => setNaming(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (name) save(name);
            } else if (e.key === 'Escape') setNaming(null);
          }}
        />
        <button type="button" disabled={!name} onClick={() => save(name)}>
          Save
        </button>
        <button type="button" onClick={() => setNaming(null)}>
          Cancel
        </button>
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </span>
    );
  }
  return (
    <span className="saved-views">
      <select
        aria-label="Saved views"
        value={pickedView ? picked : ''}
        onChange={(e) => {
          setPicked(e.target.value);
          setLink(null);
          const v = list.find((x) => x.name === e.target.value);
          if (v) apply(v.view);
        }}
      >
        <option value="">Saved views…</option>
        {list.map((v) => (
          <option key={v.id} value={v.name}>
            {v.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        onClick={() => {
          setError(null);
          setNaming(pickedView ? picked : '');
        }}
        title="Save the filter, map view, basemap and time window under a name"
      >
        Save view…
      </button>
      {pickedView && (
        <button
          type="button"
          title={`Delete the saved view '${pickedView.name}'`}
          onClick={() => {
            void client.call('views.delete', { id: pickedView.id }).catch(() => undefined);
            setPicked('');
            setLink(null);
          }}
        >
          Delete
        </button>
      )}
      {pickedView && !isDesktop && (
        <button
          type="button"
          title="Copy an address that opens the app on this view"
          onClick={() => {
            const url = viewLink(pickedView.name, location);
            setLink({ url, copied: false });
            void navigator.clipboard?.writeText(url).then(
              () => setLink({ url, copied: true }),
              () => undefined,
            );
          }}
        >
          Copy link
        </button>
      )}
      {link && (
        // A popover under the control, so the header does not grow; the field lets the link be
        // copied by hand where the clipboard is refused.
        <span className="view-link" role="status">
          {link.copied ? 'Link copied:' : 'Link:'}
          <input readOnly aria-label="Link to this view" value={link.url} onFocus={(e) => e.target.select()} />
          <button type="button" aria-label="Close" onClick={() => setLink(null)}>
            ×
          </button>
        </span>
      )}
    </span>
  );
}
