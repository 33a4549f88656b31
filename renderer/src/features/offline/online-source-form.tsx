/**
 * Settings of the online raster tile source (URL template, attribution, max zoom, whether the
 * server permits area downloads), saved with `tiles.setOnlineSource`; main's refusal shows in place.
 */
import { useState } from 'react';
import type { TileLayer } from '../../../../electron/contract/methods/tiles.js';
import { errorMessage, useApp } from '../../app/app-context.js';

export interface OnlineSourceDraft {
  name: string;
  url_template: string;
  attribution: string;
  max_zoom: number;
  allow_bulk_download: boolean;
}

/** Checks a URL template the way main will, so mistakes show while typing; null when fine. */
export function templateProblem(url: string): string | null {
  if (!/^https?:\/\/\S+$/.test(url)) return 'The URL template must be an http(s) URL.';
  const missing = ['{z}', '{x}', '{y}'].filter((p) => !url.includes(p));
  return missing.length ? `The URL template must contain ${missing.join(', ')}.` : null;
}

export function OnlineSourceForm({
  layer,
  templateHint,
  onSaved,
  onTemplate,
}: {
  layer: TileLayer | undefined;
  /** The current URL template is not in `tiles.layers`; the form starts empty for it unless known. */
  templateHint: string;
  onSaved(layer: TileLayer): void;
  /** The template that was saved (main does not return it). */
  onTemplate(url: string): void;
}) {
  const { client } = useApp();
  const [draft, setDraft] = useState<OnlineSourceDraft>(() => ({
    name: layer?.name ?? 'Online tiles',
    url_template: templateHint,
    attribution: layer?.attribution ?? '',
    max_zoom: layer?.max_zoom ?? 19,
    allow_bulk_download: layer?.allow_bulk_download ?? false,
  }));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const problem = draft.url_template ? templateProblem(draft.url_template) : null;
  const set = (patch: Partial<OnlineSourceDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
  };

  async function save() {
    setError(null);
    try {
      onSaved(await client.call('tiles.setOnlineSource', draft));
      onTemplate(draft.url_template);
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form
      className="source-form online-source-form"
      data-testid="online-source-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        Name
        <input value={draft.name} data-testid="online-name" onChange={(e) => set({ name: e.target.value })} />
      </label>
      <label>
        URL template
        <input
          value={draft.url_template}
          placeholder="https://tiles.example.org/{z}/{x}/{y}.png"
          data-testid="online-url"
          onChange={(e) => set({ url_template: e.target.value.trim() })}
        />
      </label>
      {problem && <p className="field-error">{problem}</p>}
      <label>
        Attribution
        <input
          value={draft.attribution}
          data-testid="online-attribution"
          onChange={(e) => set({ attribution: e.target.value })}
        />
      </label>
      <label>
        Max zoom
        <input
          type="number"
          min={0}
          max={22}
          value={draft.max_zoom}
          data-testid="online-max-zoom"
          onChange={(e) => set({ max_zoom: Math.min(22, Math.max(0, Math.round(Number(e.target.value) || 0))) })}
        />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.allow_bulk_download}
          data-testid="online-allow-download"
          onChange={(e) => set({ allow_bulk_download: e.target.checked })}
        />
        This server permits area downloads (check its terms; never OpenStreetMap&apos;s own servers)
      </label>
      {error && (
        <p className="error-text" role="alert" data-testid="online-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={!draft.url_template || problem !== null} data-testid="online-save">
          Save
        </button>
        {saved && <span className="field-ok">Saved.</span>}
      </div>
    </form>
  );
}
