/**
 * The map's "colour by" choice (kind, altitude or speed) and, while symbols are coloured by a
 * value, its legend: each colour with its range, and the grey of objects that do not report it.
 */
import { useShell, useShellActions } from '../app/shell-context.js';
import { COLOUR_BY_CHOICES, legendOf, type ColourBy } from './layers/colour-by.js';

/** The select beside "stale after" and "trails". */
export function ColourBySetting() {
  const colourBy = useShell((s) => s.colourBy);
  const { setColourBy } = useShellActions();
  return (
    <label title="What colours the symbols of moving objects">
      colour by
      <select data-testid="colour-by" value={colourBy} onChange={(e) => setColourBy(e.target.value as ColourBy)}>
        {COLOUR_BY_CHOICES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The legend over the map while symbols are coloured by altitude or speed. */
export function ColourLegend() {
  const colourBy = useShell((s) => s.colourBy);
  if (colourBy === 'kind') return null;
  return (
    <div className="colour-legend" data-testid="colour-legend" aria-label={`Colours by ${colourBy}`}>
      <strong>{colourBy}</strong>
      {legendOf(colourBy).map((l) => (
        <span key={l.label} className="colour-legend-row">
          <span className="colour-swatch" style={{ background: l.colour }} aria-hidden />
          {l.label}
        </span>
      ))}
    </div>
  );
}
