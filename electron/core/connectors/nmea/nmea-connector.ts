/** PLACEHOLDER (being written now): the `nmea` connector; it runs nothing until its decoder lands. */
import type { NmeaConnectionInfo } from '../../../contract/sources/nmea.js';
import type { ConnectorFactory } from '../connector-context.js';

export const nmeaConnector: ConnectorFactory<NmeaConnectionInfo> = {
  type: 'nmea',
  isRunnable: () => false,
  start: () => async () => undefined,
};
