/**
 * The outcome of an action the user just took, shown beside the control that took it (a notice
 * in the corner is for what the user did not cause: a feed failing, an alert, a background import).
 */
import { useCallback, useState } from 'react';
import { errorMessage } from './error-text.js';

/** One line: an error, or a short confirmation. */
export interface ActionStatus {
  level: 'info' | 'error';
  text: string;
}

/** The status of one control and `report`/`fail`/`clear` to set it. */
export function useActionStatus() {
  const [status, setStatus] = useState<ActionStatus | null>(null);
  const report = useCallback((text: string) => setStatus({ level: 'info', text }), []);
  const fail = useCallback((err: unknown) => setStatus({ level: 'error', text: errorMessage(err) }), []);
  const clear = useCallback(() => setStatus(null), []);
  return { status, report, fail, clear };
}

/** The status line beside its control (nothing when there is none). */
export function ActionStatusText({ status, testId }: { status: ActionStatus | null; testId?: string }) {
  if (!status) return null;
  return status.level === 'error' ? (
    <span className="error-text action-status" role="alert" data-testid={testId}>
      {status.text}
    </span>
  ) : (
    <span className="hint action-status" role="status" data-testid={testId}>
      {status.text}
    </span>
  );
}
