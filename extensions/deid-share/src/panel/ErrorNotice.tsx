import { describeError } from '../api/errors.js';

/** An error the user can read (401/403 included); never a blank panel. */
export function ErrorNotice({ error, onRetry, testId }: { error: unknown; onRetry?: () => void; testId: string }) {
  const message = describeError(error);
  return (
    <div className="ds-error" role="alert" data-cy={testId}>
      <strong>{message.title}</strong>
      <div>{message.detail}</div>
      {message.retryable && onRetry ? (
        <button type="button" className="ds-secondary" style={{ marginTop: 6 }} onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
