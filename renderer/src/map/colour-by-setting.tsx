/**
 * The map's "colour by" choice (kind, altitude or speed) and, while symbols are coloured by a
 * value, its legend: each colour with its range, and the grey of objects that do not report it.
 */
import { useShell, useShellActions } from '../app/shell-context.js';
import { Choice } from '../app/choice.js';
import { COLOUR_BY_CHOICES, legendOf } from './layers/colour-by.js';

/** The select beside "stale after" and "trails". */
export function ColourBySetting() {
  const colourBy = useShell((s) => s.colourBy);
  const { setColourBy } = useShellActions();
  return (
    <Choice
      label="colour by"
      testId="colour-by"
      title="What colours the symbols of moving objects"
      value={colourBy}
      options={COLOUR_BY_CHOICES}
      onChange={setColourBy}
    />
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
