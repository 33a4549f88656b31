/**
 * The detail's "Range rings" switch: rings around this object on the map, following it as it moves
 * (the rings bar on the map sets their step and clears them too).
 */
import { useShell, useShellActions } from '../../app/shell-context.js';

/** Toggles range rings around object `id`. */
export function RingsToggle({ id }: { id: string }) {
  const isOn = useShell((s) => s.rings !== null && 'objectId' in s.rings && s.rings.objectId === id);
  const { setRings } = useShellActions();
  return (
    <button
      type="button"
      className={isOn ? 'active' : undefined}
      aria-pressed={isOn}
      data-testid="rings-toggle"
      onClick={() => setRings(isOn ? null : { objectId: id })}
      title="Draw range rings around this object on the map (R)"
    >
      Range rings
    </button>
  );
}
