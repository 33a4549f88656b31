/**
 * Export what the current filter selects: a save dialog in the desktop app, the hub's streaming
 * URL (a browser download, also usable by GDAL or QGIS) in the headless twin.
 */
import { useState } from 'react';
import type { ObjectFilter } from '../../../../electron/contract/domain.js';
import { EXPORT_FORMAT_NAMES } from '../../../../electron/contract/methods/files.js';
import { ActionStatusText, useActionStatus } from '../../app/action-status.js';
import { useApp } from '../../app/app-context.js';
import { errorMessage, filterRefusalOf } from '../../app/error-text.js';
import { withAppToken } from '../../app/app-token.js';
import { useIsDesktop } from '../../app/shell-context.js';
import { formatBytes, formatCount } from '../../app/format.js';

type ExportFormat = (typeof EXPORT_FORMAT_NAMES)[number];

/** Export of `filter`'s objects, in the format picked beside the button. */
export function ExportButton({ filter }: { filter: ObjectFilter }) {
  const { client } = useApp();
  const { status, report, fail, clear } = useActionStatus();
  const isDesktop = useIsDesktop();
  const [format, setFormat] = useState<ExportFormat>('geojson');
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    clear();
    try {
      if (isDesktop) {
        const r = await client.call('files.exportDialog', { format, filter });
        if (!r.cancelled)
          report(
            `Exported ${formatCount(r.objects)} object${r.objects === 1 ? '' : 's'} (${formatBytes(r.bytes)})${r.path ? ` to ${r.path}` : ''}.`,
          );
      } else {
        const r = await client.call('files.exportUrl', { format, filter });
        if (!r.url) throw new Error('The hub is not listening, so there is no export URL.');
        const a = document.createElement('a');
        a.href = withAppToken(r.url);
        a.download = '';
        a.click();
      }
    } catch (err) {
      // A refused filter is shown under the filter bar already; say only what to do here.
      if (filterRefusalOf(err)) fail(new Error('Fix the filter first: it has an error.'));
      else fail(new Error(`Export failed: ${errorMessage(err)}`));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="export">
      <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
        {EXPORT_FORMAT_NAMES.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
      <button type="button" disabled={busy} onClick={() => void run()} title="Export the objects the filter selects">
        Export
      </button>
      <ActionStatusText status={status} testId="export-status" />
    </span>
  );
}
