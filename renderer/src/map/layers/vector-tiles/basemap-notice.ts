/**
 * A line on the map that says what the basemap cannot show: "no detailed basemap here" where the
 * world layer is no longer drawn and no chosen basemap covers the view, and how many tiles failed
 * to load (an unreachable online server) instead of leaving the map blank.
 */
import L from 'leaflet';

export interface BasemapNotice extends L.Control {
  /** Shows the hint (or hides it with false). */
  setNoDetail(noDetail: boolean): void;
  /** Counts a tile that failed; `layerName` names the basemap in the message. */
  tileFailed(layerName: string): void;
  /** Forgets failures (a new basemap, or tiles loading again). */
  resetFailures(): void;
}

/** The sentence for `failed` tiles of a layer. */
export function failureText(layerName: string, failed: number): string {
  return `${failed} ${failed === 1 ? 'tile' : 'tiles'} of ${layerName} could not be loaded (no network, or the server refused); the map shows what it has.`;
}

export const NO_DETAIL_TEXT =
  'No detailed basemap here. Open or build a vector basemap for this area in Maps & files (key 4).';

/** Creates the notice control (bottom centre of the map). */
export function createBasemapNotice(): BasemapNotice {
  let el: HTMLDivElement | null = null;
  let noDetail = false;
  let failed = 0;
  let failedLayer = '';
  const render = () => {
    if (!el) return;
    const lines = [noDetail ? NO_DETAIL_TEXT : '', failed ? failureText(failedLayer, failed) : ''].filter(Boolean);
    el.hidden = lines.length === 0;
    el.textContent = lines.join(' ');
    el.dataset.kind = failed ? 'error' : 'hint';
  };
  const Control = L.Control.extend({
    onAdd() {
      el = L.DomUtil.create('div', 'basemap-notice');
      el.setAttribute('data-testid', 'basemap-notice');
      el.setAttribute('role', 'status');
      L.DomEvent.disableClickPropagation(el);
      render();
      return el;
    },
    onRemove() {
      el = null;
    },
  });
  return Object.assign(new Control({ position: 'topright' }), {
    setNoDetail(v: boolean) {
      noDetail = v;
      render();
    },
    tileFailed(layerName: string) {
      failed++;
      failedLayer = layerName;
      render();
    },
    resetFailures() {
      failed = 0;
      render();
    },
  });
}
