/**
 * Handlers of the `live.*` contract slice: subscriptions belong to the calling client, reach it as
 * `objects.changed` pushes (or through its transport's own live sink), and end when it disconnects.
 */
import { NotFoundError } from '../../contract/errors.js';
import type { MethodParams, MethodResult } from '../../contract/methods.js';
import type { liveMethods } from '../../contract/methods/live.js';
import type { CallContext } from '../dispatch/dispatcher.js';
import type { Live, LiveSink, LiveSubscription } from './live.js';

/** The dispatcher's per-client context (push, onClose, optional isBusy and liveSink). */
export type LiveCallContext = Pick<CallContext, 'clientId' | 'push' | 'onClose' | 'isBusy' | 'liveSink'>;

type LiveMethod = keyof typeof liveMethods;

/** One handler per `live.*` method. */
export type LiveHandlers = {
  [M in LiveMethod]: (params: MethodParams<M>, ctx: LiveCallContext) => Promise<MethodResult<M>>;
};

/** The renderer's sink: payloads pushed as `objects.changed`, held while the transport is busy. */
function pushSink(ctx: LiveCallContext): LiveSink {
  return {
    send: (payload) => ctx.push('objects.changed', payload),
    ...(ctx.isBusy ? { isBusy: () => ctx.isBusy!() } : {}),
  };
}

/** Builds the `live.*` handlers over one live bus. */
export function createLiveHandlers({ live }: { live: Pick<Live, 'subscribe'> }): LiveHandlers {
  const byClient = new Map<string, Map<string, LiveSubscription>>();

  function owned(ctx: LiveCallContext, id: string): LiveSubscription {
    const sub = byClient.get(ctx.clientId)?.get(id);
    // Another client's subscription id is answered as unknown, never acted on.
    if (!sub) throw new NotFoundError('Subscription', id);
    return sub;
  }

  function clientSubs(ctx: LiveCallContext): Map<string, LiveSubscription> {
    let subs = byClient.get(ctx.clientId);
    if (!subs) {
      const mine = new Map<string, LiveSubscription>();
      subs = mine;
      byClient.set(ctx.clientId, mine);
      ctx.onClose(() => {
        for (const s of mine.values()) s.close();
        byClient.delete(ctx.clientId);
      });
    }
    return subs;
  }

  return {
    async 'live.subscribe'(params, ctx) {
      const subs = clientSubs(ctx);
      const { subscription, info } = await live.subscribe({
        filter: params.filter,
        snapshotLimit: params.snapshot_limit,
        sink: ctx.liveSink ?? pushSink(ctx),
      });
      subs.set(subscription.id, subscription);
      return info;
    },
    async 'live.update'(params, ctx) {
      return owned(ctx, params.subscription_id).update(params.filter, params.snapshot_limit);
    },
    async 'live.unsubscribe'(params, ctx) {
      owned(ctx, params.subscription_id).close();
      byClient.get(ctx.clientId)?.delete(params.subscription_id);
      return { ok: true as const };
    },
  };
}
