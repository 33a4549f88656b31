/**
 * Geofences in the Rules tab: "Draw geofence" (the map's draw tool, then a name), "Import
 * geofences…" (a GeoJSON or KML file → geofences.import), and the list with Show, Rename and Delete.
 */
import { useRef, useState } from 'react';
import type { Geofence } from '../../../../electron/contract/methods/rules.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useShellActions } from '../../app/shell-context.js';
import { ActionStatusText, useActionStatus } from '../../app/action-status.js';
import { useRulesData, type DrawState } from './use-rules-data.js';

/** The name form for a drawn ring: Save creates the geofence, Discard drops the drawing. */
function NameDrawn({ draw }: { draw: Extract<DrawState, { step: 'naming' }> }) {
  const { client } = useApp();
  const { setDraw, reload } = useRulesData();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = () =>
    void client
      .call('geofences.create', { name, geometry: { type: 'Polygon', coordinates: [draw.ring] } })
      .then(() => reload('geofences'))
      .then(() => setDraw({ step: 'idle' }))
      .catch((err: unknown) => setError(errorMessage(err)));
  return (
    <form
      className="geofence-name"
      aria-label="Name the new geofence"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <span>New geofence, {draw.ring.length - 1} corners.</span>
      <input
        autoFocus
        aria-label="Geofence name"
        placeholder="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="primary">
        Save geofence
      </button>
      <button type="button" onClick={() => setDraw({ step: 'idle' })}>
        Discard
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function GeofenceRow({ fence, usedBy }: { fence: Geofence; usedBy: number }) {
  const { client } = useApp();
  // Why a rename or a delete was refused shows in the row, beside its buttons.
  const action = useActionStatus();
  const { reload } = useRulesData();
  const { flyTo } = useShellActions();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const run = (p: Promise<unknown>, after?: () => void) =>
    void p
      .then(() => reload('geofences'))
      .then(() => {
        action.clear();
        after?.();
      })
      .catch(action.fail);
  const [w, s, e, n] = fence.bbox;
  // A fence across the antimeridian has minLon > maxLon; its middle is on the far side.
  const lon = w <= e ? (w + e) / 2 : (((w + e + 360) / 2 + 180) % 360) - 180;
  if (renaming !== null)
    return (
      <li className="geofence-row">
        <form
          className="inline-form"
          onSubmit={(ev) => {
            ev.preventDefault();
            run(client.call('geofences.update', { id: fence.id, name: renaming }), () => setRenaming(null));
          }}
        >
          <input
            autoFocus
            aria-label={`New name for ${fence.name}`}
            value={renaming}
            onChange={(ev) => setRenaming(ev.target.value)}
          />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setRenaming(null)}>
            Cancel
          </button>
        </form>
        <ActionStatusText status={action.status} testId="geofence-action-status" />
      </li>
    );
  return (
    <li className="geofence-row" data-testid="geofence-row">
      <strong>{fence.name}</strong>
      <span className="muted small">{usedBy ? `${usedBy} rule${usedBy === 1 ? '' : 's'}` : 'no rules'}</span>
      <span className="row-actions">
        <button type="button" aria-label={`Show ${fence.name} on the map`} onClick={() => flyTo(lon, (s + n) / 2)}>
          Show
        </button>
        <button type="button" aria-label={`Rename ${fence.name}`} onClick={() => setRenaming(fence.name)}>
          Rename
        </button>
        {confirm ? (
          <span className="confirm">
            Delete {fence.name}?{' '}
            <button
              type="button"
              className="danger"
              onClick={() => run(client.call('geofences.delete', { id: fence.id }))}
            >
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirm(false)}>
              No
            </button>
          </span>
        ) : (
          <button type="button" className="danger" aria-label={`Delete ${fence.name}`} onClick={() => setConfirm(true)}>
            Delete
          </button>
        )}
      </span>
      <ActionStatusText status={action.status} testId="geofence-action-status" />
    </li>
  );
}

/** What an import of geofences did, in one sentence: "zones.geojson: imported 2 geofences, skipped 1 (#3: …)." */
export function importOutcome(
  fileName: string,
  r: { created: readonly unknown[]; skipped: readonly { index: number; reason: string }[] },
): string {
  const skipped = r.skipped.length
    ? `, skipped ${r.skipped.length} (${r.skipped.map((s) => `#${s.index + 1}: ${s.reason.replace(/\.$/, '')}`).join('; ')})`
    : '';
  return `${fileName}: imported ${r.created.length} geofence${r.created.length === 1 ? '' : 's'}${skipped}.`;
}

/**
 * "Import geofences…": a file input read as text and sent to geofences.import; what it did (or why
 * not) goes to `status`, a line under the section's buttons.
 */
function ImportButton({ status }: { status: ReturnType<typeof useActionStatus> }) {
  const { client } = useApp();
  const { reload } = useRulesData();
  const input = useRef<HTMLInputElement>(null);
  const importFile = async (file: File) => {
    status.clear();
    try {
      const r = await client.call('geofences.import', { name: file.name, content: await file.text() });
      await reload('geofences');
      if (r.created.length) status.report(importOutcome(file.name, r));
      else status.fail(new Error(importOutcome(file.name, r)));
    } catch (err) {
      // Main's sentence names the file already; a fault of the window does not.
      const text = errorMessage(err);
      status.fail(new Error(text.includes(file.name) ? text : `${file.name}: ${text}`));
    }
  };
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        Import geofences…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label="Geofence file (GeoJSON or KML)"
        accept=".geojson,.json,.kml"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
    </>
  );
}

/** The Geofences section of the Rules tab. */
export function GeofenceSection() {
  const { geofences, rules, draw, setDraw, loaded } = useRulesData();
  const importStatus = useActionStatus();
  return (
    <section className="rules-section" aria-label="Geofences">
      <div className="panel-toolbar">
        <h3>Geofences</h3>
        {draw.step === 'drawing' ? (
          <button type="button" className="active" aria-pressed onClick={() => setDraw({ step: 'idle' })}>
            Cancel drawing
          </button>
        ) : (
          <button type="button" onClick={() => setDraw({ step: 'drawing' })} disabled={draw.step === 'naming'}>
            Draw geofence
          </button>
        )}
        <ImportButton status={importStatus} />
      </div>
      <ActionStatusText status={importStatus.status} testId="geofence-import-status" />
      {draw.step === 'drawing' && (
        <p className="hint">Click on the map to add corners; double-click or Finish closes the area, Escape cancels.</p>
      )}
      {draw.step === 'naming' && <NameDrawn draw={draw} />}
      {loaded && geofences.length === 0 && draw.step === 'idle' && (
        <p className="muted">
          No geofences yet. Draw one on the map, import a GeoJSON or KML file, or use an object’s area (its detail).
        </p>
      )}
      <ul className="geofence-list">
        {geofences.map((g) => (
          <GeofenceRow key={g.id} fence={g} usedBy={rules.filter((r) => r.trigger.geofence_id === g.id).length} />
        ))}
      </ul>
    </section>
  );
}
