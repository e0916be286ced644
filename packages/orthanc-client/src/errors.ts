/** What the client knows about a failed Orthanc request. Nothing here comes from a request body. */
export interface OrthancRequestFailure {
  method: string;
  path: string;
  /** Origin and base path of the server (never credentials). */
  server: string;
  status?: number;
  /** Orthanc's numeric error code and its fixed description (from HttpDescribeErrors), where the body had them. */
  orthancStatus?: number;
  orthancError?: string;
  /** Orthanc's free-text "Details", which can echo request values (e.g. a PatientID). */
  details?: string;
  /** Node/undici error code for connection-level failures, e.g. ECONNREFUSED or UND_ERR_HEADERS_TIMEOUT. */
  code?: string;
  attempts: number;
  /** Why the failure was not retried further, when that is not obvious from attempts. */
  notRetriedBecause?: string;
  cause?: unknown;
}

/** A request to Orthanc failed: an HTTP error status, or no usable answer (connection, TLS, timeout). */
export class OrthancRequestError extends Error {
  override readonly name = 'OrthancRequestError';
  readonly method: string;
  readonly path: string;
  readonly server: string;
  readonly status: number | undefined;
  readonly orthancStatus: number | undefined;
  readonly orthancError: string | undefined;
  readonly code: string | undefined;
  readonly attempts: number;
  readonly retried: boolean;
  declare readonly details: string | undefined;

  constructor(failure: OrthancRequestFailure) {
    super(describe(failure), failure.cause === undefined ? undefined : { cause: failure.cause });
    this.method = failure.method;
    this.path = failure.path;
    this.server = failure.server;
    this.status = failure.status;
    this.orthancStatus = failure.orthancStatus;
    this.orthancError = failure.orthancError;
    this.code = failure.code;
    this.attempts = failure.attempts;
    this.retried = failure.attempts > 1;
    // Non-enumerable, so loggers that serialise an error's own properties (pino, console.dir) do not write
    // free text that may echo identifying request values; code can still read it when debugging.
    Object.defineProperty(this, 'details', { value: failure.details, enumerable: false });
  }
}

/** An Orthanc job ended in failure or did not finish in time. */
export class OrthancJobError extends Error {
  override readonly name = 'OrthancJobError';
  constructor(
    readonly jobId: string,
    readonly state: string,
    readonly errorCode: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

function describe(failure: OrthancRequestFailure): string {
  const outcome =
    failure.status === undefined
      ? `got no usable answer (${failure.code ?? 'unknown error'})`
      : `answered HTTP ${failure.status}${failure.orthancError === undefined ? '' : ` "${failure.orthancError}" (Orthanc error ${failure.orthancStatus ?? '?'})`}`;
  const attempts = `after ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}`;
  const notRetried = failure.notRetriedBecause === undefined ? '' : ` (not retried: ${failure.notRetriedBecause})`;
  return `Orthanc ${failure.method} ${failure.path} on ${failure.server} ${outcome} ${attempts}${notRetried}. ${hint(failure)}`;
}

function hint(failure: OrthancRequestFailure): string {
  if (failure.status === 401 || failure.status === 403) return 'Check the username and password configured for this Orthanc.';
  if (failure.status === 404) return 'The resource or route does not exist on this Orthanc (deleted, wrong ID, or plugin not loaded).';
  if (failure.status !== undefined && failure.status >= 500) return "See this Orthanc's log for the cause.";
  if (failure.status !== undefined) return 'Orthanc rejected the request as sent.';
  if (failure.code !== undefined && /CERT|UNABLE_TO_VERIFY|^ERR_TLS|^ERR_SSL/.test(failure.code)) {
    return 'The TLS certificate was not trusted: configure the CA that signed it (option "ca") and use the host name it was issued for.';
  }
  if (failure.code?.includes('TIMEOUT')) return 'Orthanc was too slow: check its load, or raise the client timeouts.';
  return 'Check that Orthanc is running and reachable at this URL.';
}
