/**
 * Handlers of the `geofences.*`, `rules.*` and `alerts.*` slice (issue 15): checked writes to
 * `store.rules`, then the engine reloads what changed and every client hears `rules.changed`.
 */
import type { EventName, EventPayload } from '../../contract/events.js';
import { AppError, NotFoundError } from '../../contract/errors.js';
import type { MethodParams, MethodResult } from '../../contract/methods.js';
import type { RuleTrigger, rulesMethods } from '../../contract/methods/rules.js';
import { parseFilterText, resolveFilter } from '../../filter/index.js';
import type { StoredRule } from '../../../db/rules-store.js';
import type { Store } from '../../../db/store.js';
import type { CallContext } from '../dispatch/dispatcher.js';
import { fenceAreaFromInput, fenceAreaFromObject } from './fence-input.js';
import { readGeofenceFile } from './geofence-import.js';
import { toAlert, toGeofence, toRule } from './rule-rows.js';
import type { RuleEngine } from './types.js';

type RulesMethod = keyof typeof rulesMethods;
export type RulesHandlers = {
  [M in RulesMethod]: (params: MethodParams<M>, ctx: CallContext) => Promise<MethodResult<M>>;
};

export interface RulesHandlersDeps {
  store: Pick<Store, 'rules' | 'getObject'>;
  engine: Pick<RuleEngine, 'reload'>;
  /** Broadcasts `rules.changed` and `alerts.acknowledged` (core.events.emit). */
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  now?: () => number;
}

/** Builds the rules, geofences and alerts handlers. */
export function createRulesHandlers(deps: RulesHandlersDeps): RulesHandlers {
  const { store, engine, emit } = deps;
  const rules = store.rules;
  const now = deps.now ?? Date.now;

  const changed = async (what: 'geofences' | 'rules', restart?: { ruleIds?: string[]; geofenceIds?: string[] }) => {
    await engine.reload(restart);
    emit('rules.changed', { what });
  };

  /** Throws INVALID_INPUT naming `field` when the filter text does not parse or exceeds a limit. */
  function checkFilter(text: string | undefined, field: string): void {
    if (text === undefined || text.trim() === '') return;
    const parsed = parseFilterText(text);
    if (!parsed.ok) {
      throw new AppError('INVALID_INPUT', `Field '${field}' is not a valid filter: ${parsed.error.message}`, {
        details: { field, ...parsed.error },
      });
    }
    try {
      resolveFilter({ text });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError('INVALID_INPUT', `Field '${field}' cannot be used: ${error.message}`, { details: { field } });
    }
  }

  async function checkTrigger(trigger: RuleTrigger): Promise<void> {
    checkFilter(trigger.other_filter, 'trigger.other_filter');
    const id = trigger.geofence_id;
    if (id === undefined) return;
    try {
      await rules.getGeofence(id);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new AppError('INVALID_INPUT', `Field 'trigger.geofence_id' names no geofence: '${id}' does not exist.`, {
        details: { field: 'trigger.geofence_id', id },
      });
    }
  }

  async function areaFromObject(id: string) {
    try {
      const object = await store.getObject(id);
      return fenceAreaFromObject(id, object.geom);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new AppError('INVALID_INPUT', `Field 'object_id' names no object: '${id}' does not exist.`, {
        details: { field: 'object_id', id },
      });
    }
  }

  return {
    async 'geofences.list'(params) {
      const all = await rules.listGeofences();
      const items = all.slice(params.offset, params.offset + params.limit).map(toGeofence);
      return { items, total: all.length, limit: params.limit, offset: params.offset };
    },

    async 'geofences.get'(params) {
      return toGeofence(await rules.getGeofence(params.id));
    },

    async 'geofences.create'(params) {
      const area =
        params.object_id !== undefined ? await areaFromObject(params.object_id) : fenceAreaFromInput(params.geometry);
      const created = await rules.createGeofence({ name: params.name, ...area, objectId: params.object_id ?? null });
      await changed('geofences');
      return toGeofence(created);
    },

    async 'geofences.update'(params) {
      const area = params.geometry === undefined ? undefined : fenceAreaFromInput(params.geometry);
      const updated = await rules.updateGeofence(params.id, {
        ...(params.name === undefined ? {} : { name: params.name }),
        ...area,
      });
      await changed('geofences', area ? { geofenceIds: [params.id] } : undefined);
      return toGeofence(updated);
    },

    async 'geofences.delete'(params) {
      const fence = await rules.getGeofence(params.id);
      const user = (await rules.listRules()).find((r) => r.trigger.geofence_id === params.id);
      if (user) {
        throw new AppError(
          'CONFLICT',
          `Geofence '${fence.name}' is used by rule '${user.name}' (${user.id}); change or delete that rule first.`,
          { details: { id: params.id, rule_id: user.id } },
        );
      }
      await rules.deleteGeofence(params.id);
      await changed('geofences');
      return { id: params.id, deleted: true as const };
    },

    async 'geofences.import'(params) {
      const created = [];
      const skipped = [];
      for await (const item of readGeofenceFile(params.name, params.content)) {
        if ('skip' in item) skipped.push({ index: item.index, reason: item.skip });
        else created.push(toGeofence(await rules.createGeofence({ name: item.name, ...item.area, objectId: null })));
      }
      if (created.length > 0) await changed('geofences');
      return { created, skipped };
    },

    async 'rules.list'(params) {
      const all = await rules.listRules();
      const items = all.slice(params.offset, params.offset + params.limit).map(toRule);
      return { items, total: all.length, limit: params.limit, offset: params.offset };
    },

    async 'rules.get'(params) {
      return toRule(await rules.getRule(params.id));
    },

    async 'rules.create'(params) {
      checkFilter(params.filter, 'filter');
      await checkTrigger(params.trigger);
      const created = await rules.createRule({
        name: params.name,
        filter: params.filter,
        trigger: params.trigger,
        rearmSeconds: params.rearm_seconds,
        enabled: params.enabled,
      });
      await changed('rules', { ruleIds: [created.id] });
      return toRule(created);
    },

    async 'rules.update'(params) {
      const before = await rules.getRule(params.id);
      checkFilter(params.filter, 'filter');
      if (params.trigger) await checkTrigger(params.trigger);
      const patch: Partial<StoredRule> = {
        ...(params.name === undefined ? {} : { name: params.name }),
        ...(params.filter === undefined ? {} : { filter: params.filter }),
        ...(params.trigger === undefined ? {} : { trigger: params.trigger }),
        ...(params.rearm_seconds === undefined ? {} : { rearmSeconds: params.rearm_seconds }),
        ...(params.enabled === undefined ? {} : { enabled: params.enabled }),
      };
      const updated = await rules.updateRule(params.id, patch);
      // A new filter, trigger or switch-on starts the rule afresh from the objects as they are now.
      const restart =
        updated.filter !== before.filter ||
        updated.enabled !== before.enabled ||
        JSON.stringify(updated.trigger) !== JSON.stringify(before.trigger);
      await changed('rules', restart ? { ruleIds: [params.id] } : undefined);
      return toRule(updated);
    },

    async 'rules.delete'(params) {
      await rules.deleteRule(params.id);
      await changed('rules');
      return { id: params.id, deleted: true as const };
    },

    async 'alerts.list'(params) {
      const page = await rules.listAlerts({
        ...(params.since === undefined ? {} : { since: Date.parse(params.since) }),
        ...(params.rule_id === undefined ? {} : { ruleId: params.rule_id }),
        ...(params.acknowledged === undefined ? {} : { acknowledged: params.acknowledged }),
        limit: params.limit,
        offset: params.offset,
      });
      return {
        items: page.items.map(toAlert),
        total: page.total,
        limit: params.limit,
        offset: params.offset,
        unacknowledged: page.unacknowledged,
      };
    },

    async 'alerts.ack'(params) {
      const target =
        params.ids !== undefined
          ? { ids: params.ids }
          : { all: true as const, ...(params.rule_id === undefined ? {} : { ruleId: params.rule_id }) };
      const acknowledged = await rules.acknowledgeAlerts(target, now());
      const unacknowledged = await rules.countUnacknowledged();
      emit('alerts.acknowledged', { ids: params.ids ?? [], all: params.ids === undefined, unacknowledged });
      return { acknowledged, unacknowledged };
    },
  };
}
