/**
 * Connection-info validation for main: the schemas and the one-sentence refusal live in the contract
 * (shared with the renderer's as-you-type check); this module turns a refusal into an AppError.
 */
import type { SourceType } from '../../contract/domain.js';
import { AppError, missingCaseError } from '../../contract/errors.js';
import { checkConnectionInfoValue, type ConnectionInfoByType } from '../../contract/connection-info.js';
import { unreadableReason } from '../../contract/stored-connection-info.js';

export {
  CONNECTION_INFO_LIMITS,
  SIMULATOR_KINDS,
  backoffSchema,
  websocketInfoSchema,
  restMappingSchema,
  restInfoSchema,
  simulatorInfoSchema,
  fileInfoSchema,
  connectionInfoSchemas,
  checkConnectionInfoValue,
  describeConnectionInfoError,
} from '../../contract/connection-info.js';
export type {
  SimulatorKind,
  BackoffSettings,
  WebsocketConnectionInfo,
  RestMapping,
  RestConnectionInfo,
  SimulatorConnectionInfo,
  FileConnectionInfo,
  ConnectionInfoByType,
  ConnectionInfoCheck,
} from '../../contract/connection-info.js';

/**
 * Validates connection info for a source type and returns it with defaults applied.
 * Throws AppError('INVALID_INPUT') with one sentence naming the field and the bad value.
 */
export function validateConnectionInfo(type: SourceType, info: unknown): Record<string, unknown> {
  return parseConnectionInfo(type, info) as unknown as Record<string, unknown>;
}

/** Like validateConnectionInfo, typed per source type (used by the connectors). */
export function parseConnectionInfo<T extends SourceType>(type: T, info: unknown): ConnectionInfoByType[T] {
  assertKnownType(type);
  const check = checkConnectionInfoValue(type, info);
  if (check.ok) return check.value;
  throw new AppError('INVALID_INPUT', check.message, { details: { field: check.field } });
}

/** A stored source's connection info as its connector gets it, or one sentence saying why it cannot be loaded. */
export type LoadedConnectionInfo = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Loads the stored connection info of a source of any stored type without throwing: the value with
 * defaults, or the reason it cannot be used (the store could not read it back, the type is unknown,
 * the settings break a limit or the schema), as one sentence naming the field.
 */
export function loadConnectionInfo(type: string, info: unknown): LoadedConnectionInfo {
  const unreadable = unreadableReason(info);
  if (unreadable !== undefined) return { ok: false, message: unreadable };
  const check = checkConnectionInfoValue(type as SourceType, info);
  return check.ok ? { ok: true, value: check.value } : { ok: false, message: check.message };
}

function assertKnownType(type: SourceType): void {
  switch (type) {
    case 'websocket':
    case 'rest':
    case 'simulator':
    case 'file':
    case 'osmand':
    case 'cot':
    case 'nmea':
    case 'gpsd':
    case 'aircraft_json':
    case 'sbs':
    case 'opensky':
    case 'overpass':
    case 'osm_api':
    case 'osm_replication':
      return;
    default:
      throw missingCaseError(type);
  }
}
