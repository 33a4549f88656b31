/**
 * The Units section of Maps & files: how speeds, altitudes and coordinates are shown everywhere
 * (list, tooltip, detail, track profile, cursor readout). Remembered with the shell's settings.
 */
import { Choice } from '../../app/choice.js';
import { useShell, useShellActions } from '../../app/shell-context.js';
import {
  ALTITUDE_UNITS,
  COORD_FORMAT_NAMES,
  COORD_FORMATS,
  formatAltitude,
  formatPosition,
  formatSpeed,
  SPEED_UNITS,
} from '../../app/units.js';

/** What the example line shows: 10 m/s at 10,668 m over Monaco. */
const EXAMPLE = { mps: 10, m: 10_668, lat: 43.7384, lon: 7.4246 };

/** Three choices and an example line in the chosen units. */
export function UnitsSection() {
  const units = useShell((s) => s.units);
  const { setUnits } = useShellActions();
  return (
    <section className="offline-section" data-testid="units-section" aria-label="Units">
      <h3>Units</h3>
      <p className="hint">
        How the list, the tooltip, the detail panel and the cursor readout show speed, altitude and position. Stored
        values stay in m/s, metres and degrees.
      </p>
      <div className="zoom-range units-choice">
        <Choice
          label="Speed"
          testId="units-speed"
          value={units.speed}
          options={SPEED_UNITS}
          onChange={(speed) => setUnits({ speed })}
        />
        <Choice
          label="Altitude"
          testId="units-altitude"
          value={units.altitude}
          options={ALTITUDE_UNITS}
          onChange={(altitude) => setUnits({ altitude })}
        />
        <Choice
          label="Coordinates"
          testId="units-coords"
          value={units.coords}
          options={COORD_FORMATS}
          name={(f) => COORD_FORMAT_NAMES[f]}
          onChange={(coords) => setUnits({ coords })}
        />
      </div>
      <p className="hint" data-testid="units-example">
        e.g. {formatSpeed(EXAMPLE.mps, units.speed)} · {formatAltitude(EXAMPLE.m, units.altitude)} ·{' '}
        {formatPosition(EXAMPLE.lat, EXAMPLE.lon, units.coords)}
      </p>
    </section>
  );
}
