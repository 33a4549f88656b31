import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietLogger } from '../../../test/fakes/quiet-logger.js';
import type { EventName } from '../../contract/events.js';
import { createDispatcher, type Dispatcher } from '../dispatch/dispatcher.js';
import { appContext, openHandlerKit, type HandlerKit } from './handlers-test-kit.js';
import { createViewsHandlers } from './views.js';

let kit: HandlerKit;
let dispatcher: Dispatcher;
const emitted: { event: EventName; payload: unknown }[] = [];
beforeAll(async () => {
  kit = await openHandlerKit();
  dispatcher = createDispatcher({
    handlers: createViewsHandlers({ store: kit.store, emit: (event, payload) => emitted.push({ event, payload }) }),
    log: quietLogger,
    validateResults: true,
  });
});
afterAll(() => kit.dispose());

const call = async (method: string, params: unknown) => {
  const reply = await dispatcher.dispatch(method, params, appContext);
  return reply.ok ? { result: reply.result } : { error: reply.error };
};
const view = {
  filter: { text: 'kind=ship', types: [], kinds: ['ship'], source_ids: [] },
  map: { zoom: 12, lat: 43.7, lon: 7.4 },
  time: { live: true, trail_min: 30 },
};

describe('views handlers', () => {
  it('save, list and delete a view, announcing each change as views.changed', async () => {
    const saved = await call('views.save', { name: '  Harbour ', view });
    expect(saved.result).toMatchObject({ name: 'Harbour', view });
    const id = (saved.result as { id: string }).id;
    expect((await call('views.list', {})).result).toEqual({ items: [saved.result] });
    expect(await call('views.delete', { id })).toEqual({ result: { id, deleted: true } });
    expect(emitted.splice(0)).toEqual([
      { event: 'views.changed', payload: { id, deleted: false } },
      { event: 'views.changed', payload: { id, deleted: true } },
    ]);
    expect((await call('views.delete', { id })).error).toMatchObject({
      code: 'NOT_FOUND',
      message: `Saved view '${id}' does not exist.`,
    });
    expect(emitted).toEqual([]);
  });

  it('opens a view by announcing it as views.opened, and refuses an unknown one', async () => {
    const { result } = await call('views.save', {
      name: 'At ten',
      view: { ...view, time: { at: '2026-02-01T10:00:00Z' } },
    });
    const { id } = result as { id: string };
    emitted.splice(0);
    expect((await call('views.open', { id })).result).toEqual(result);
    expect(emitted).toEqual([{ event: 'views.opened', payload: result }]);
    expect((await call('views.open', { id: 'nope' })).error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a bad view with one sentence naming the field and the value', async () => {
    const bad = async (v: unknown, name = 'x') =>
      ((await call('views.save', { name, view: v })).error as { message: string }).message;
    expect(await bad({ ...view, map: { zoom: 12, lat: 95, lon: 7 } })).toBe(
      "Parameter 'view.map.lat' must be at most 90, got 95.",
    );
    expect(await bad({ ...view, filter: { ...view.filter, types: ['area'] } })).toBe(
      "Parameter 'view.filter.types[0]' must be one of 'node', 'way', 'relation', got 'area'.",
    );
    expect(await bad({ ...view, time: { live: true, at: '2026-02-01T10:00:00Z' } })).toBe(
      'Field \'view.time\' must have either live: true or at (a moment), got {"live":true,"at":"2026-02-01T10:00:00Z"}.',
    );
    expect(await bad({ ...view, time: { at: 'yesterday' } })).toMatch(
      /^Parameter 'view.time.at' must be an ISO 8601 time/,
    );
    expect(await bad({ ...view, zoom: 3 })).toBe("Parameter 'view' has an unknown key 'zoom'.");
    expect(await bad(view, '  ')).toBe("Parameter 'name' must not be empty, got '  '.");
    expect(emitted.filter((e) => e.event === 'views.changed' && !(e.payload as { deleted: boolean }).deleted)).toEqual(
      [],
    );
  });
});
