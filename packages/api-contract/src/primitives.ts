import { Kind, Type, TypeRegistry, type StringOptions, type TSchema } from '@sinclair/typebox';

/** A DICOM UID: digits and dots, at most 64 characters. */
export const uid = (options: StringOptions = {}) => Type.String({ pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64, ...options });
export const Uid = uid();

/** An Orthanc resource ID: five groups of eight hex digits (a SHA-1 of the DICOM identifiers). */
export const OrthancId = Type.String({ pattern: '^[0-9a-f]{8}(-[0-9a-f]{8}){4}$' });

/** A peer's name as the config spells it. */
export const PeerName = Type.String({ minLength: 1, maxLength: 64 });

/** A value that may be absent from the data set (`null`) or present. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** TypeBox's own checker (the viewer's decoders) learns the `{ type: 'string', enum }` shape that OneOf makes. */
TypeRegistry.Set<{ enum: readonly string[] }>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value));

/**
 * One of a fixed set of strings, taken from the domain constant that owns the set (never spelled out again
 * here): a plain JSON-schema `enum`, as OpenAPI and ajv read it.
 */
export const OneOf = <const Values extends readonly string[]>(values: Values, options: { description?: string } = {}) =>
  Type.Unsafe<Values[number]>({ [Kind]: 'StringEnum', type: 'string', enum: [...values], ...options });

/** Every 4xx and 5xx answer. */
export const ApiError = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable, machine-readable: bad_request, unauthenticated, forbidden, not_found, queue_full, erasure_impossible, ...' }),
      message: Type.String({ description: 'For people; never contains patient data.' }),
    }),
  },
  { $id: 'Error', description: 'Every 4xx and 5xx answer.' },
);

/**
 * A bound of a time range in a query: a calendar date (the whole UTC day) or an instant with its offset, ISO 8601.
 * Impossible dates (2020-13-45, 2020-02-30) are refused.
 */
export const TimeBound = (description: string) => Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })], { description });
