/**
 * The map tools in the map: the measure and range-ring buttons, the measure tool while it is on,
 * the click that places rings, the rings themselves, and Escape, which ends the tool taking clicks
 * first, then clears the rings (and only then, in the shell, the selection).
 */
import type L from 'leaflet';
import { useEffect, type RefObject } from 'react';
import { useShell, useShellStore } from '../../app/shell-context.js';
import type { LiveObjects } from '../../state/live-objects.js';
import type { MapAnchor } from '../../state/map-anchor.js';
import { hitTest } from '../layers/hit-test.js';
import { objectLabel } from '../layers/osm-style/main-tag.js';
import { viewTransform } from '../layers/view-transform.js';
import { startMeasureTool } from './measure-tool.js';
import { showRangeRings, startRingPlacing } from './range-rings.js';
import { createToolButtons } from './tool-buttons.js';
import { distanceSystem } from '../../app/units.js';

type MapRef = RefObject<{ map: L.Map } | null>;

/** Hit radius in pixels, the objects layer's. */
const HIT_RADIUS_PX = 10;

/** The object under a click (the objects layer's hit test), else the clicked point. */
function anchorAt(map: L.Map, store: LiveObjects, e: L.LeafletMouseEvent): MapAnchor {
  const hit = hitTest(store.all(), viewTransform(map), e.containerPoint.x, e.containerPoint.y, HIT_RADIUS_PX);
  if (hit) return { objectId: hit.id };
  return { lat: e.latlng.lat, lon: e.latlng.lng };
}

function isTyping(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}

/** Runs the map tools on the mounted map, as the shell state says. */
export function useMapTools(mounted: MapRef, store: LiveObjects): void {
  const shell = useShellStore();
  const mapTool = useShell((s) => s.mapTool);
  const rings = useShell((s) => s.rings);
  const ringStepM = useShell((s) => s.ringStepM);
  // Feet and miles when the user chose feet or mph: the rings and the measure tool follow.
  const system = useShell((s) => distanceSystem(s.units));

  // The buttons live as long as the map.
  useEffect(() => {
    const map = mounted.current?.map;
    if (!map) return;
    const buttons = createToolButtons({ onMeasure: shell.actions.toggleMeasure, onRings: shell.actions.toggleRings });
    buttons.control.addTo(map);
    const show = () => {
      const s = shell.getState();
      buttons.setActive({ measure: s.mapTool === 'measure', rings: s.rings !== null || s.mapTool === 'place-rings' });
    };
    show();
    const unsubscribe = shell.subscribe(show);
    return () => {
      unsubscribe();
      buttons.control.remove();
    };
  }, [mounted, shell]);

  useEffect(() => {
    const map = mounted.current?.map;
    if (!map || !mapTool) return;
    const at = (e: L.LeafletMouseEvent) => anchorAt(map, store, e);
    if (mapTool === 'measure')
      return startMeasureTool(map, { store, anchorAt: at, onDone: shell.actions.endMapTool, system });
    return startRingPlacing(map, { anchorAt: at, onPlace: shell.actions.setRings });
  }, [mounted, mapTool, store, shell, system]);

  useEffect(() => {
    const map = mounted.current?.map;
    if (!map || !rings) return;
    const entry = 'objectId' in rings ? store.get(rings.objectId) : undefined;
    return showRangeRings(map, {
      store,
      anchor: rings,
      stepM: ringStepM,
      centreName: entry ? objectLabel(entry.obj.tags, entry.obj.osm_id) : 'this point',
      system,
      onStep: shell.actions.setRingStep,
      onClear: () => shell.actions.setRings(null),
    });
  }, [mounted, rings, ringStepM, store, shell, system]);

  useEffect(() => {
    if (!mapTool && !rings) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || isTyping(e.target)) return;
      // The shell's Escape clears the selection; while a tool is on, Escape ends the tool first.
      e.stopImmediatePropagation();
      e.preventDefault();
      if (shell.getState().mapTool) shell.actions.endMapTool();
      else shell.actions.setRings(null);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [mapTool, rings, shell]);
}
