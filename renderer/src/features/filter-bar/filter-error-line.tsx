// Main's refusal of a filter text under the field, the one place it is shown: the text with the bad
// part underlined, and the sentence with a 1-based column (the core counts from 0).
import { filterRefusalSentence } from '../../app/error-text.js';
import type { TextError } from './use-filter-check.js';

/** The error line for `text`; `testId` names it for tests. */
export function FilterErrorLine({ text, error, testId }: { text: string; error: TextError; testId?: string }) {
  if (error.position === null)
    return (
      <div className="filter-error" role="alert" data-testid={testId}>
        {error.reason}
      </div>
    );
  const start = Math.max(0, Math.min(text.length, error.position));
  const end = Math.min(text.length, start + Math.max(1, error.token.length));
  return (
    <div className="filter-error" role="alert" data-testid={testId}>
      <code className="filter-error-text">
        {text.slice(0, start)}
        <mark data-testid={testId && `${testId}-mark`}>{text.slice(start, end) || ' '}</mark>
        {text.slice(end)}
      </code>
      <span>{filterRefusalSentence({ ...error, position: start })}</span>
    </div>
  );
}
