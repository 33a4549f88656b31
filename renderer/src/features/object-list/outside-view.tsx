/**
 * The empty list with "Only objects in view" on: how many matching objects lie outside the view,
 * with **Show on map** (zoom to fit them) and **List all** (untick the view limit). Counted over
 * the applied filter without the view.
 */
import { useEffect, useState } from 'react';
import type { ObjectFilter } from '../../../../electron/contract/domain.js';
import { useApp } from '../../app/app-context.js';
import { formatCount } from '../../app/format.js';
import { useShellActions } from '../../app/shell-context.js';

export function OutsideView({
  filter,
  refreshKey,
  onListAll,
}: {
  filter: ObjectFilter;
  refreshKey: number;
  onListAll(): void;
}) {
  const { client } = useApp();
  const { fitAll } = useShellActions();
  const [outside, setOutside] = useState<number | null>(null);
  useEffect(() => {
    let current = true;
    client.call('objects.list', { filter, limit: 0 }).then(
      (r) => current && setOutside(r.total),
      // The list's own query says what is wrong with the filter; here the count is just not shown.
      () => current && setOutside(null),
    );
    return () => {
      current = false;
    };
  }, [client, filter, refreshKey]);
  if (!outside) return <div className="empty">No objects match the filter. Only objects in view are listed.</div>;
  return (
    <div className="empty" data-testid="list-outside-view">
      No objects in this view; {formatCount(outside)} {outside === 1 ? 'match lies' : 'match lie'} outside it.
      <div className="empty-actions">
        <button type="button" onClick={fitAll}>
          Show on map
        </button>
        <button type="button" onClick={onListAll}>
          List all
        </button>
      </div>
    </div>
  );
}
