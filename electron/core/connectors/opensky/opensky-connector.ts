/** PLACEHOLDER (being written now): the `opensky` connector; it runs nothing until its decoder lands. */
import type { OpenskyConnectionInfo } from '../../../contract/sources/opensky.js';
import type { ConnectorFactory } from '../connector-context.js';

export const openskyConnector: ConnectorFactory<OpenskyConnectionInfo> = {
  type: 'opensky',
  isRunnable: () => false,
  start: () => async () => undefined,
};
