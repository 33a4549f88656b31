/**
 * Lone UTF-16 surrogates: JSON's `"\ud800"` escape parses into one, and the store (UTF-8) would keep
 * U+FFFD instead, so what reads back would differ from what was sent. Text holding one is refused.
 */
import { AppError } from '../contract/errors.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Throws AppError('INVALID_INPUT') naming `field` (and the position) when `text` holds a lone
 * surrogate; `subject` starts the sentence (default "Field '<field>'").
 */
export function assertWellFormed(text: string, field: string, subject = `Field '${field}'`): void {
  const lone = LONE_SURROGATE.exec(text);
  if (lone === null) return;
  throw new AppError(
    'INVALID_INPUT',
    `${subject} holds a lone UTF-16 surrogate at character ${lone.index}; send well-formed Unicode text.`,
    { details: { field } },
  );
}
