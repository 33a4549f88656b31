/**
 * The Units section of Maps & files: how speeds, altitudes and coordinates are shown everywhere
 * (list, tooltip, detail, track profile, cursor readout). Remembered with the shell's settings.
 */
import { useShell, useShellActions } from '../../app/shell-context.js';
import {
  ALTITUDE_UNITS,
  COORD_FORMAT_NAMES,
  COORD_FORMATS,
  formatAltitude,
  formatPosition,
  formatSpeed,
  SPEED_UNITS,
  type AltitudeUnit,
  type CoordFormat,
  type SpeedUnit,
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
        <label>
          Speed
          <select
            value={units.speed}
            data-testid="units-speed"
            onChange={(e) => setUnits({ speed: e.target.value as SpeedUnit })}
          >
            {SPEED_UNITS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
        <label>
          Altitude
          <select
            value={units.altitude}
            data-testid="units-altitude"
            onChange={(e) => setUnits({ altitude: e.target.value as AltitudeUnit })}
          >
            {ALTITUDE_UNITS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
        <label>
          Coordinates
          <select
            value={units.coords}
            data-testid="units-coords"
            onChange={(e) => setUnits({ coords: e.target.value as CoordFormat })}
          >
            {COORD_FORMATS.map((f) => (
              <option key={f} value={f}>
                {COORD_FORMAT_NAMES[f]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint" data-testid="units-example">
        e.g. {formatSpeed(EXAMPLE.mps, units.speed)} · {formatAltitude(EXAMPLE.m, units.altitude)} ·{' '}
        {formatPosition(EXAMPLE.lat, EXAMPLE.lon, units.coords)}
      </p>
    </section>
  );
}
