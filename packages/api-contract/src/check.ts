import type { Static, TSchema } from '@sinclair/typebox';
// Check alone, not the Value namespace: the viewer's bundle then carries the checker and nothing else of it.
import { Check } from '@sinclair/typebox/value';

/** Whether a value (an answer of the sidecar) has the shape the contract promises. */
export function conforms<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return Check(schema, value);
}
