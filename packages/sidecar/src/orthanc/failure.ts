import { OrthancRequestError } from '@deid-share/orthanc-client';

import { ApiError, badGateway } from '../errors.js';

/** Turns a failure to reach an Orthanc into an answer for the caller (`<what>_unavailable`, 502); other errors pass. */
export function orthancFailure(what: string, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof OrthancRequestError) return badGateway(`${what}_unavailable`, `the ${what} Orthanc could not be asked: ${error.message}`);
  throw error;
}
