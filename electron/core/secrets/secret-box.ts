/**
 * AES-256-GCM sealing of single string values, as `enc:v1:<base64url(iv | tag | ciphertext)>`, so a
 * sealed value is still a string where the schema wants one and plain values from older databases load.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The versioned prefix of every sealed value. */
export const SEALED_PREFIX = 'enc:v1:';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens strings with one 32-byte key. */
export interface SecretBox {
  /** `enc:v1:…`, a fresh random IV each time. */
  seal(plain: string): string;
  /** The plain text of a sealed value; throws SecretOpenError when the key does not fit or the value is damaged. */
  open(sealed: string): string;
}

/** A sealed value that this key cannot open (another key, or damaged bytes). */
export class SecretOpenError extends Error {
  constructor() {
    super('cannot decrypt a stored credential; the key changed or the value is damaged');
    this.name = 'SecretOpenError';
  }
}

/** True for a value written by `seal` (any key). */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/** A box over `key` (exactly 32 bytes). */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error(`The secret key must be 32 bytes, got ${key.length}.`);
  const k = Buffer.from(key);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      if (!isSealed(sealed)) throw new SecretOpenError();
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretOpenError();
      try {
        const decipher = createDecipheriv('aes-256-gcm', k, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretOpenError();
      }
    },
  };
}
