/**
 * The detail panel's "Watch upstream" button for an OpenStreetMap object: adds the element to an
 * `osm_api` source's watch list (or creates that source) and says where, beside the button.
 */
import type { OsmObject } from '../../../../electron/contract/domain.js';
import type { useActionStatus } from '../../app/action-status.js';
import { useApp } from '../../app/app-context.js';
import { useSources } from '../../app/use-sources.js';
import { planWatch, upstreamRef, WATCH_SOURCE_NAME } from './watch-upstream.js';

export function WatchUpstreamButton(props: {
  obj: Pick<OsmObject, 'type' | 'osm_id'>;
  action: ReturnType<typeof useActionStatus>;
}) {
  const { client } = useApp();
  const { sources, reload } = useSources();
  const ref = upstreamRef(props.obj);
  if (!ref) return null;
  const watch = async (): Promise<void> => {
    const plan = planWatch(sources, ref);
    switch (plan.kind) {
      case 'already':
        props.action.report(`${ref} is already watched upstream by '${plan.source.name}'.`);
        return;
      case 'full':
        props.action.report(`'${plan.source.name}' watches as many elements as it can; remove some first.`);
        return;
      case 'add':
        await client.call('sources.update', {
          id: plan.source.id,
          connection_info: { ...plan.source.connection_info, watch: plan.watch },
        });
        await reload();
        props.action.report(`Watching ${ref} upstream in '${plan.source.name}'.`);
        return;
      case 'create': {
        const created = await client.call('sources.create', {
          name: WATCH_SOURCE_NAME,
          type: 'osm_api',
          connection_info: { watch: plan.watch },
        });
        await reload();
        props.action.report(`Watching ${ref} upstream in the new source '${created.name}'.`);
        return;
      }
    }
  };
  return (
    <button
      type="button"
      data-testid="watch-upstream"
      title="Check this element on the OpenStreetMap API for new versions (an osm_api source)"
      onClick={() => void watch().catch(props.action.fail)}
    >
      Watch upstream
    </button>
  );
}
