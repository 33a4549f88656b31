/**
 * Feed credentials at rest: sealed before a source reaches the store, masked in every answer, opened
 * only when a connector starts. A masked value sent back keeps the stored secret; a new value replaces it.
 */
import { AppError } from '../../contract/errors.js';
import type { DataSource } from '../../contract/domain.js';
import { isSealed, type SecretBox } from './secret-box.js';
import { collectSecrets, mapSecrets, MASK } from './secret-fields.js';

/** What the sources handlers and the connector runtime need from the secrets. */
export interface SourceSecrets {
  /**
   * The info to store: each secret sealed; a slot holding the mask takes the stored value (`stored`,
   * the current row's info), sealed if it was plain. Throws INVALID_INPUT for a mask with nothing stored.
   */
  seal(info: Record<string, unknown>, stored?: Record<string, unknown>): Record<string, unknown>;
  /** The source as answers show it: every secret replaced by the mask. */
  mask<T extends Pick<DataSource, 'connection_info'>>(source: T): T;
  /** The source with its secrets opened, for a connector; throws with one sentence when the key does not fit. */
  reveal(source: DataSource): DataSource;
}

export { MASK };

/** The secrets over one key. */
export function createSourceSecrets(box: SecretBox): SourceSecrets {
  return {
    seal(info, stored) {
      const before = stored ? collectSecrets(stored) : new Map<string, string>();
      return mapSecrets(info, (value, slot) => {
        const old = before.get(slot);
        if (value === MASK) {
          if (old === undefined) {
            throw new AppError(
              'INVALID_INPUT',
              `Field 'connection_info.${slot}' holds the mask '${MASK}' but no stored value exists to keep; send the value itself.`,
              { details: { field: `connection_info.${slot}` } },
            );
          }
          return isSealed(old) ? old : box.seal(old);
        }
        // The same secret again keeps its sealed bytes, so the connector sees no change and does not restart.
        if (old !== undefined && isSealed(old) && openOrUndefined(box, old) === value) return old;
        return box.seal(value);
      });
    },
    mask(source) {
      return { ...source, connection_info: mapSecrets(source.connection_info, () => MASK) };
    },
    reveal(source) {
      try {
        return {
          ...source,
          connection_info: mapSecrets(source.connection_info, (v) => (isSealed(v) ? box.open(v) : v)),
        };
      } catch {
        throw new Error(
          `Source '${source.name}' cannot decrypt its credentials; the key changed. Enter them again to start it.`,
        );
      }
    },
  };
}

function openOrUndefined(box: SecretBox, sealed: string): string | undefined {
  try {
    return box.open(sealed);
  } catch {
    return undefined;
  }
}
