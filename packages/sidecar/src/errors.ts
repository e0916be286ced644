/**
 * Errors are values with a code and a message meant for the caller; the HTTP layer turns them into
 * `{ "error": { "code", "message" } }` with their status. Messages never carry PHI.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
export const unauthenticated = (message: string) => new ApiError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
export const unprocessable = (code: string, message: string) => new ApiError(422, code, message);
export const unavailable = (code: string, message: string) => new ApiError(503, code, message);
export const badGateway = (code: string, message: string) => new ApiError(502, code, message);
