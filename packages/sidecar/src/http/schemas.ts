/** What every route's schema repeats, said once: the bearer security requirement, error answers, references to named answers. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Routes that need `Authorization: Bearer <token>` (all but /healthz and, if configured, /metrics). */
export const BEARER = [{ bearer: [] }];

/** The error answers a route may give, for its response schema. */
export function errors(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((status) => [status, { $ref: 'Error#' }]));
}

/**
 * A reference to one of the contract's named answers (registered once with its `$id`), typed as the answer:
 * the OpenAPI document lists it once under components.
 */
export function refTo<T extends TSchema>(schema: T) {
  if (schema.$id === undefined) throw new Error('only a schema with an $id can be referred to');
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id));
}
