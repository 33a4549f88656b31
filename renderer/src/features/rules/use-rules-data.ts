/**
 * Geofences and rules as the window keeps them: loaded once by the shell, reloaded on
 * `rules.changed` (from any client), read with `useRulesData()` by the Rules tab, the map's geofence
 * layer and the object detail. It also holds the map's draw state: idle, drawing, or a drawn ring
 * waiting for its name.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Geofence, Rule } from '../../../../electron/contract/methods/rules.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { createRequiredContext } from '../../app/required-context.js';

/** A ring of [lon, lat] positions, closed (first = last). */
export type Ring = [number, number][];

/** Idle; the map's draw tool is on; or a finished ring waits for a name. */
export type DrawState = { step: 'idle' } | { step: 'drawing' } | { step: 'naming'; ring: Ring };

export interface RulesData {
  geofences: Geofence[];
  rules: Rule[];
  loaded: boolean;
  reload(what?: 'geofences' | 'rules'): Promise<void>;
  draw: DrawState;
  setDraw(draw: DrawState): void;
}

/** Provides what `useRulesDataLoader()` loads; `useRulesData()` reads it. */
export const [RulesDataContext, useRulesData] = createRequiredContext<RulesData>('RulesDataContext');

/** Loads geofences and rules and follows changes; call once, in the shell, and provide the result. */
export function useRulesDataLoader(): RulesData {
  const { client, notify } = useApp();
  const [geofences, setGeofences] = useState<Geofence[]>([]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [draw, setDraw] = useState<DrawState>({ step: 'idle' });

  const reload = useCallback(
    (what?: 'geofences' | 'rules') =>
      Promise.all([
        what === 'rules' ? null : client.call('geofences.list', {}),
        what === 'geofences' ? null : client.call('rules.list', {}),
      ])
        .then(([g, r]) => {
          if (g) setGeofences(g.items);
          if (r) setRules(r.items);
          setLoaded(true);
        })
        .catch((err: unknown) => notify('error', `Could not load the rules and geofences: ${errorMessage(err)}`)),
    [client, notify],
  );

  useEffect(() => {
    void reload().then(() => undefined);
    return client.on('rules.changed', ({ what }) => void reload(what));
  }, [client, reload]);

  return useMemo(() => ({ geofences, rules, loaded, reload, draw, setDraw }), [geofences, rules, loaded, reload, draw]);
}
