/**
 * Connection-info validation for main: the schemas and the one-sentence refusal live in the contract
 * (shared with the renderer's as-you-type check); this module turns a refusal into an AppError.
 */
import type { SourceType } from '../../contract/domain.js';
import { AppError, missingCaseError } from '../../contract/errors.js';
import { checkConnectionInfoValue, type ConnectionInfoByType } from '../../contract/connection-info.js';

export {
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

function assertKnownType(type: SourceType): void {
  switch (type) {
    case 'websocket':
    case 'rest':
    case 'simulator':
    case 'file':
      return;
    default:
      throw missingCaseError(type);
  }
}
