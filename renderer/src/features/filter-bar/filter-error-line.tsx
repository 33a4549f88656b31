// Main's refusal of a filter text under the field: the text with the bad part marked, and the sentence.
import type { TextError } from './use-filter-check.js';

/** The error line for `text`; `testId` names it for tests. */
export function FilterErrorLine({ text, error, testId }: { text: string; error: TextError; testId?: string }) {
  if (error.position === null)
    return (
      <div className="filter-error" role="alert" data-testid={testId}>
        {error.message}
      </div>
    );
  const start = Math.max(0, Math.min(text.length, error.position));
  const end = Math.min(text.length, start + Math.max(1, error.token.length));
  return (
    <div className="filter-error" role="alert" data-testid={testId}>
      <code className="filter-error-text">
        {text.slice(0, start)}
        <mark>{text.slice(start, end) || ' '}</mark>
        {text.slice(end)}
      </code>
      <span>
        {error.message} (at {start + 1})
      </span>
    </div>
  );
}
