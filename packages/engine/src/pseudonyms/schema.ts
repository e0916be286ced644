/**
 * JSON-schema fragment (draft-07, ajv-compatible) for the `pseudonyms` part of a profile.
 * Profile validation lives elsewhere and embeds this object; keep it in step with config.ts.
 */

/** Letters, digits, dot, underscore, hyphen: safe in LO and PN and never trimmed by DICOM readers. */
const SAFE_TEXT = '^[A-Za-z0-9._-]*$';

const patientNameFormat = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  // PN also allows spaces and the component separator ^; = (group separator) and \ are excluded.
  pattern: '^([A-Za-z0-9._ ^-]|\\{id\\})*$',
  description: 'How PatientName is formed; {id} stands for the new PatientID. Default {id}.',
};

const prefix = { type: 'string', maxLength: 32, pattern: SAFE_TEXT };

const hashProperties = {
  prefix,
  encoding: { enum: ['hex', 'base32'] },
  length: { type: 'integer', minimum: 8, maximum: 64 },
  allowBelow128Bits: { type: 'boolean' },
  patientNameFormat,
};

const randomProperties = {
  prefix,
  alphabet: { type: 'string', minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' },
  length: { type: 'integer', minimum: 4, maximum: 64 },
  patientNameFormat,
};

export const PSEUDONYM_SCHEME_SCHEMA = {
  $id: 'https://deid-share.invalid/schemas/pseudonym-scheme.json',
  title: 'Pseudonym scheme',
  description: 'How PatientID and PatientName are replaced. See docs/pseudonyms.md.',
  type: 'object',
  required: ['scheme'],
  properties: {
    scheme: { enum: ['keyed-hash', 'site-prefixed-hash', 'random-linked', 'random-unlinked', 'template'] },
  },
  oneOf: [
    {
      type: 'object',
      properties: { scheme: { const: 'keyed-hash' }, ...hashProperties, input: { enum: ['issuer-and-patient-id', 'patient-id'] } },
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { scheme: { const: 'site-prefixed-hash' }, ...hashProperties, prefix: { ...prefix, minLength: 1 } },
      required: ['prefix'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { scheme: { const: 'random-linked' }, ...randomProperties },
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { scheme: { const: 'random-unlinked' }, ...randomProperties, allowBelow128Bits: { type: 'boolean' } },
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: {
        scheme: { const: 'template' },
        template: {
          type: 'string',
          minLength: 1,
          maxLength: 64,
          pattern: '^([A-Za-z0-9._-]|\\{(site|prefix|seq|seq:[0-9]{1,2}|hash:[0-9]{1,2})\\})*$',
        },
        prefix,
        patientNameFormat,
      },
      required: ['template'],
      additionalProperties: false,
    },
  ],
} as const;
