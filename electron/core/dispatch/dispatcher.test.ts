import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, NotFoundError } from '../../contract/errors.js';
import type { Logger } from '../../contract/logger.js';
import { quietLogger } from '../../../test/fakes/quiet-logger.js';
import type { Handlers } from './dispatcher.js';
import { createDispatcher, type CallContext } from './dispatcher.js';

const logged: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
const log: Logger = {
  ...quietLogger,
  error: (msg: string, fields?: Record<string, unknown>) => void logged.push({ msg, fields }),
};
const appCtx: CallContext = { clientId: 'c1', principal: { kind: 'app' }, push: () => {}, onClose: () => {} };
const sourceCtx: CallContext = { ...appCtx, principal: { kind: 'source', sourceId: 's1' } };

const list: Handlers['objects.list'] = async (params) => ({
  items: [],
  total: 0,
  limit: params.limit,
  offset: params.offset,
});
const get: Handlers['objects.get'] = async (params) => {
  if (params.id === 'missing') throw new NotFoundError('Object', params.id);
  if (params.id === 'boom') throw new Error('secret internals at /home/x');
  if (params.id === 'zod') z.object({ speed: z.number() }).parse({ speed: 'fast' });
  if (params.id === 'bad-result') return { id: 'x' } as never;
  throw new AppError('CONFLICT', "Object 'x' changed meanwhile.");
};
const dispatcher = createDispatcher({
  handlers: { 'objects.list': list, 'objects.get': get },
  log,
  validateResults: true,
});

describe('createDispatcher', () => {
  it('validates params, applies defaults and calls the handler', async () => {
    expect(await dispatcher.dispatch('objects.list', {}, appCtx)).toEqual({
      ok: true,
      result: { items: [], total: 0, limit: 100, offset: 0 },
    });
    expect(await dispatcher.dispatch('objects.list', undefined, appCtx)).toMatchObject({ ok: true });
    expect(await dispatcher.dispatch('objects.list', { limit: 10_000 }, appCtx)).toMatchObject({
      ok: true,
      result: { limit: 10_000 },
    });
  });

  it('refuses bad params with INVALID_INPUT naming the field path and value', async () => {
    const cases: Array<[unknown, string]> = [
      [{ limit: 20000 }, "Parameter 'limit' must be at most 10000, got 20000."],
      [{ limit: -1 }, "Parameter 'limit' must be at least 0, got -1."],
      [{ limit: 1.5 }, "Parameter 'limit' must be an integer, got 1.5."],
      [{ limit: '5' }, "Parameter 'limit' must be a number, got '5'."],
      [
        { filter: { types: ['area'] } },
        "Parameter 'filter.types[0]' must be one of 'node', 'way', 'relation', got 'area'.",
      ],
      [
        { filter: { observed_after: 'yesterday' } },
        "Parameter 'filter.observed_after' must be an ISO 8601 time with a zone, e.g. 2026-01-01T00:00:00Z, got 'yesterday'.",
      ],
      [
        { filter: { bbox: [10, 0, 0, 1] } },
        "Parameter 'filter.bbox' is invalid (bbox must be minLon,minLat,maxLon,maxLat with min <= max), got [10, 0, 0, 1].",
      ],
      [
        { sort: { field: 'colour' } },
        "Parameter 'sort.field' must be one of 'observed_at', 'updated_at', 'created_at', 'osm_id', 'type', 'name', 'kind', 'speed', 'altitude', 'source_id', got 'colour'.",
      ],
      [5, 'Parameters must be an object, got 5.'],
    ];
    for (const [params, message] of cases) {
      expect(await dispatcher.dispatch('objects.list', params, appCtx)).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message, details: expect.anything() },
      });
    }
    expect(await dispatcher.dispatch('objects.get', {}, appCtx)).toMatchObject({
      ok: false,
      error: { message: "Parameter 'id' is required." },
    });
    expect(await dispatcher.dispatch('objects.get', { id: '' }, appCtx)).toMatchObject({
      ok: false,
      error: { message: "Parameter 'id' must not be empty, got ''." },
    });
  });

  it('refuses own __proto__ keys anywhere in the params and accepts look-alikes', async () => {
    const params = JSON.parse('{"filter": {"tags": [{"key": "a", "op": "exists", "__proto__": {"x": 1}}]}}') as unknown;
    expect(await dispatcher.dispatch('objects.list', params, appCtx)).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: "Parameter 'filter.tags[0].__proto__' uses the reserved key '__proto__'.",
        details: { field: 'filter.tags[0].__proto__' },
      },
    });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(await dispatcher.dispatch('objects.list', { filter: { q: '__proto__' } }, appCtx)).toMatchObject({
      ok: true,
    });
  });

  it('answers METHOD_NOT_FOUND for unknown methods, including prototype names', async () => {
    for (const name of ['objects.nope', 'toString', '__proto__', 'constructor']) {
      expect(await dispatcher.dispatch(name, {}, appCtx)).toEqual({
        ok: false,
        error: { code: 'METHOD_NOT_FOUND', message: `Method '${name}' does not exist.`, details: { method: name } },
      });
    }
    expect(dispatcher.has('objects.list')).toBe(true);
    expect(dispatcher.has('objects.nope')).toBe(false);
  });

  it('answers UNAVAILABLE for a contract method without a handler', async () => {
    expect(await dispatcher.dispatch('sources.list', {}, appCtx)).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(dispatcher.has('sources.list')).toBe(false);
  });

  it('keeps AppError codes and maps zod errors to INVALID_INPUT', async () => {
    expect(await dispatcher.dispatch('objects.get', { id: 'missing' }, appCtx)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: "Object 'missing' does not exist.", details: { id: 'missing' } },
    });
    expect(await dispatcher.dispatch('objects.get', { id: 'x' }, appCtx)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await dispatcher.dispatch('objects.get', { id: 'zod' }, appCtx)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: "Field 'speed' must be a number." },
    });
  });

  it('hides unexpected faults behind INTERNAL and logs the stack locally', async () => {
    logged.length = 0;
    const reply = await dispatcher.dispatch('objects.get', { id: 'boom' }, appCtx);
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'The app failed unexpectedly while answering; the details are in its log.',
      },
    });
    expect(JSON.stringify(reply)).not.toContain('secret internals');
    expect(logged[0]?.fields?.error).toBeInstanceOf(Error);
  });

  it('checks results against their schema when asked', async () => {
    expect(await dispatcher.dispatch('objects.get', { id: 'bad-result' }, appCtx)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    const lax = createDispatcher({ handlers: { 'objects.get': get }, log });
    expect(await lax.dispatch('objects.get', { id: 'bad-result' }, appCtx)).toEqual({ ok: true, result: { id: 'x' } });
  });

  it('refuses source principals unless the method is allowed for sources', async () => {
    expect(await dispatcher.dispatch('objects.list', {}, sourceCtx)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: "Method 'objects.list' is not allowed with the push token of source 's1'." },
    });
    const open = createDispatcher({
      handlers: { 'objects.list': list },
      log,
      sourceMethods: new Set(['objects.list']),
    });
    expect(await open.dispatch('objects.list', {}, sourceCtx)).toMatchObject({ ok: true });
  });
});
