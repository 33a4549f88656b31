/** PLACEHOLDER (being written now): the `sbs` connector; it runs nothing until its decoder lands. */
import type { SbsConnectionInfo } from '../../../contract/sources/sbs.js';
import type { ConnectorFactory } from '../connector-context.js';

export const sbsConnector: ConnectorFactory<SbsConnectionInfo> = {
  type: 'sbs',
  isRunnable: () => false,
  start: () => async () => undefined,
};
