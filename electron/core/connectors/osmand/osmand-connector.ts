/** PLACEHOLDER (being written now): the `osmand` connector; it runs nothing until its decoder lands. */
import type { OsmandConnectionInfo } from '../../../contract/sources/osmand.js';
import type { ConnectorFactory } from '../connector-context.js';

export const osmandConnector: ConnectorFactory<OsmandConnectionInfo> = {
  type: 'osmand',
  isRunnable: () => false,
  start: () => async () => undefined,
};
