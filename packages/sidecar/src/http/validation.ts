import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

/** Keep unknown fields so additionalProperties: false rejects them (a typo is an error, not a silent no-op). */
const COMMON: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

/** How an integer may be written in a URL: plain decimal digits, small enough to be exact. */
const DECIMAL_INTEGER = /^-?(0|[1-9][0-9]{0,14})$/;

function ajvWith(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ ...COMMON, coerceTypes });
  addFormats.default(ajv, ['date', 'date-time']);
  return ajv;
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Query strings and path parameters are text: an integer must be written as plain decimal digits before it is
 * converted (ajv alone turns "Infinity", "1e400" and "0x10" into numbers and lets Infinity pass its bounds).
 */
function fromText(validate: ValidateFunction, schema: FastifySchema & { properties?: Record<string, { type?: unknown }> }): Validator {
  const integers = Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.type === 'integer')
    .map(([name]) => name);
  const check: Validator = (data) => {
    const text = data as Record<string, unknown>;
    for (const name of integers) {
      const value = text[name];
      if (typeof value === 'string' && !DECIMAL_INTEGER.test(value)) {
        check.errors = [{ instancePath: `/${name}`, schemaPath: `#/properties/${name}/type`, keyword: 'type', params: { type: 'integer' }, message: 'must be a decimal integer' }];
        return false;
      }
    }
    const valid = validate(data);
    check.errors = validate.errors ?? null;
    return valid;
  };
  return check;
}

/**
 * Request validation. A JSON body is taken as typed: `"peers": "central"` is a 400, not `["central"]`. Query
 * strings and path parameters are converted to their declared types, strictly (see fromText).
 */
export function validatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const typed = ajvWith(false);
  const textual = ajvWith(true);
  return ({ schema, httpPart }) => (httpPart === 'body' ? typed.compile(schema) : fromText(textual.compile(schema), schema as never));
}
