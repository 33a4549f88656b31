/** PLACEHOLDER (being written now): the `cot` connector; it runs nothing until its decoder lands. */
import type { CotConnectionInfo } from '../../../contract/sources/cot.js';
import type { ConnectorFactory } from '../connector-context.js';

export const cotConnector: ConnectorFactory<CotConnectionInfo> = {
  type: 'cot',
  isRunnable: () => false,
  start: () => async () => undefined,
};
