/** PLACEHOLDER (being written now): the `gpsd` connector; it runs nothing until its decoder lands. */
import type { GpsdConnectionInfo } from '../../../contract/sources/gpsd.js';
import type { ConnectorFactory } from '../connector-context.js';

export const gpsdConnector: ConnectorFactory<GpsdConnectionInfo> = {
  type: 'gpsd',
  isRunnable: () => false,
  start: () => async () => undefined,
};
