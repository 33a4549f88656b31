/**
 * Two buttons under the map's zoom-to-fit button: measure (M) and range rings (R). Each shows
 * whether its tool is on.
 */
import L from 'leaflet';
import './map-tools.css';

export interface ToolButtons {
  control: L.Control;
  setActive(active: { measure: boolean; rings: boolean }): void;
}

function button(bar: HTMLElement, text: string, title: string, testId: string, onClick: () => void): HTMLAnchorElement {
  const a = L.DomUtil.create('a', 'map-tool-button', bar);
  a.href = '#';
  a.title = title;
  a.textContent = text;
  a.setAttribute('role', 'button');
  a.setAttribute('aria-label', title.replace(/ \(.\)$/, ''));
  a.setAttribute('aria-pressed', 'false');
  a.setAttribute('data-testid', testId);
  L.DomEvent.on(a, 'click', (e) => {
    L.DomEvent.preventDefault(e);
    onClick();
  });
  return a;
}

/** Creates the buttons; add `control` to the map after the fit button so they sit under it. */
export function createToolButtons(actions: { onMeasure(): void; onRings(): void }): ToolButtons {
  const bar = L.DomUtil.create('div', 'leaflet-bar');
  const measure = button(bar, '↔', 'Measure distance and bearing (M)', 'measure-button', actions.onMeasure);
  const rings = button(
    bar,
    '◎',
    'Range rings around the selected object or a clicked point (R)',
    'rings-button',
    actions.onRings,
  );
  L.DomEvent.disableClickPropagation(bar);
  const Control = L.Control.extend({ onAdd: () => bar });
  return {
    control: new Control({ position: 'topleft' }),
    setActive(active) {
      for (const [a, on] of [
        [measure, active.measure],
        [rings, active.rings],
      ] as const) {
        a.classList.toggle('active', on);
        a.setAttribute('aria-pressed', String(on));
      }
    },
  };
}
