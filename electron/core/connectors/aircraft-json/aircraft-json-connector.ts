/** PLACEHOLDER (being written now): the `aircraft_json` connector; it runs nothing until its decoder lands. */
import type { AircraftJsonConnectionInfo } from '../../../contract/sources/aircraft-json.js';
import type { ConnectorFactory } from '../connector-context.js';

export const aircraftJsonConnector: ConnectorFactory<AircraftJsonConnectionInfo> = {
  type: 'aircraft_json',
  isRunnable: () => false,
  start: () => async () => undefined,
};
