import { describeError, SidecarError } from '../api/errors.js';

/** What went wrong, in words: the sidecar unreachable is said as such, with what to check. */
export function ErrorBanner({ error, onRetry, testId }: { error: unknown; onRetry?: () => void; testId: string }) {
  const unreachable = error instanceof SidecarError && error.kind === 'unavailable';
  const message = unreachable
    ? {
        title: 'Sharing service unreachable',
        detail: `The console could not reach the sidecar (${(error as SidecarError).message}). Check that the sidecar runs and that the viewer host can reach it; nothing was changed.`,
        retryable: true,
      }
    : describeError(error);
  return (
    <div className="adm-error" role="alert" data-cy={testId}>
      <strong>{message.title}</strong>
      <p>{message.detail}</p>
      {message.retryable && onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
