/**
 * Handlers of the `views.*` slice (issue 20 item 7): saved views in the store, `views.changed` after
 * every change so every window and the desktop menu refresh, and `views.opened` to show one.
 */
import type { EventName, EventPayload } from '../../contract/events.js';
import { NotFoundError } from '../../contract/errors.js';
import type { MethodParams, MethodResult } from '../../contract/methods.js';
import type { SavedView, viewsMethods } from '../../contract/methods/views.js';
import type { StoredView } from '../../../db/saved-views-sql.js';
import type { Store } from '../../../db/store.js';
import type { CallContext } from '../dispatch/dispatcher.js';

type ViewsMethod = keyof typeof viewsMethods;
export type ViewsHandlers = {
  [M in ViewsMethod]: (params: MethodParams<M>, ctx: CallContext) => Promise<MethodResult<M>>;
};

export interface ViewsHandlersDeps {
  store: Pick<Store, 'views'>;
  /** Broadcasts `views.changed` and `views.opened` (core.events.emit). */
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
}

const toSavedView = (v: StoredView): SavedView => ({
  id: v.id,
  name: v.name,
  view: v.view,
  created_at: new Date(v.createdAt).toISOString(),
  updated_at: new Date(v.updatedAt).toISOString(),
});

/** Builds the saved views handlers. */
export function createViewsHandlers(deps: ViewsHandlersDeps): ViewsHandlers {
  const { store, emit } = deps;
  return {
    'views.list': async () => ({ items: (await store.views.list()).map(toSavedView) }),
    async 'views.save'({ name, view }) {
      const saved = toSavedView(await store.views.save(name, view));
      emit('views.changed', { id: saved.id, deleted: false });
      return saved;
    },
    async 'views.delete'({ id }) {
      await store.views.delete(id);
      emit('views.changed', { id, deleted: true });
      return { id, deleted: true as const };
    },
    async 'views.open'({ id }) {
      const found = await store.views.find(id);
      if (!found) throw new NotFoundError('Saved view', id);
      const saved = toSavedView(found);
      emit('views.opened', saved);
      return saved;
    },
  };
}
