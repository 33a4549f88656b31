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
  /** The info with every secret still in plain text sealed, or undefined when none is plain. */
  sealPlain(info: Record<string, unknown>): Record<string, unknown> | undefined;
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
    sealPlain(info) {
      let plain = 0;
      const sealed = mapSecrets(info, (value) => {
        if (isSealed(value)) return value;
        plain++;
        return box.seal(value);
      });
      return plain > 0 ? sealed : undefined;
    },
  };
}

/**
 * Seals the credentials a store still holds in plain text (written before sealing existed, or by
 * hand), once at start-up, so none waits for its source's next save. A source that cannot be
 * rewritten is logged and left as it was.
 */
export async function sealStoredSecrets(
  store: {
    listSources(): Promise<DataSource[]>;
    updateSource(id: string, p: { connectionInfo: Record<string, unknown> }): Promise<unknown>;
  },
  secrets: SourceSecrets,
  log: { info(msg: string, f?: Record<string, unknown>): void; warn(msg: string, f?: Record<string, unknown>): void },
): Promise<number> {
  let count = 0;
  for (const source of await store.listSources()) {
    try {
      const sealed = secrets.sealPlain(source.connection_info);
      if (!sealed) continue;
      await store.updateSource(source.id, { connectionInfo: sealed });
      count++;
    } catch (err) {
      log.warn('stored credentials could not be sealed', { source: source.id, error: (err as Error).message });
    }
  }
  if (count > 0) log.info('credentials stored in plain text were sealed', { sources: count });
  return count;
}

function openOrUndefined(box: SecretBox, sealed: string): string | undefined {
  try {
    return box.open(sealed);
  } catch {
    return undefined;
  }
}
