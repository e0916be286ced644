/** Errors of the sidecar API as values, and what the panel tells the user about them. */

export type SidecarErrorKind = 'unauthenticated' | 'forbidden' | 'not-found' | 'unavailable' | 'rejected' | 'invalid-response';

export class SidecarError extends Error {
  override readonly name = 'SidecarError';

  constructor(
    /** HTTP status, 0 when no response arrived. */
    readonly status: number,
    /** The API's error code, or a local one ('network', 'invalid_response'). */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  get kind(): SidecarErrorKind {
    if (this.code === 'invalid_response') return 'invalid-response';
    if (this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504) return 'unavailable';
    if (this.status === 401) return 'unauthenticated';
    if (this.status === 403) return 'forbidden';
    if (this.status === 404) return 'not-found';
    return 'rejected';
  }
}

/** Builds the error for a non-2xx response from its status and (possibly non-JSON) body. */
export function errorFromResponse(status: number, body: unknown): SidecarError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `The sharing service answered HTTP ${status}.`;
  return new SidecarError(status, code, message);
}

export interface UserMessage {
  title: string;
  detail: string;
  /** Whether trying again could help (shows a retry button). */
  retryable: boolean;
}

/** What the panel shows for an error: never blank, never a stack trace. */
export function describeError(error: unknown): UserMessage {
  if (!(error instanceof SidecarError)) {
    return {
      title: 'Something went wrong',
      detail: error instanceof Error ? error.message : String(error),
      retryable: true,
    };
  }
  switch (error.kind) {
    case 'unauthenticated':
      return {
        title: 'Sign-in required',
        detail: 'The sharing service did not accept your credentials. Sign in again, then try again.',
        retryable: true,
      };
    case 'forbidden':
      return {
        title: 'Not allowed',
        detail: `You are not allowed to do this: ${error.message}`,
        retryable: false,
      };
    case 'not-found':
      return { title: 'Not found', detail: error.message, retryable: false };
    case 'unavailable':
      return {
        title: 'Sharing service unreachable',
        detail: `The de-identification service could not be reached (${error.message}). Nothing was sent.`,
        retryable: true,
      };
    case 'invalid-response':
      return { title: 'Unexpected answer', detail: error.message, retryable: true };
    case 'rejected':
      return { title: 'Request refused', detail: error.message, retryable: false };
  }
}
