import { PSEUDONYM_SCHEME_SCHEMA } from '../pseudonyms/schema.js';
import { OPTION_IDS } from '../rules/options.js';
import { FINDING_KINDS } from '../scan/finding.js';

/** `<document>.txt:<line>` or `<document>.txt:<first>-<last>`, a document of data/sources/. */
export const SOURCE_CITATION = '^[0-9A-Za-z_.-]+\\.txt:[0-9]+(-[0-9]+)?$';
const TAG_OR_KEYWORD = '^(\\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\\)|[A-Za-z][A-Za-z0-9]*)$';

/** JSON schema (draft-07) every profile file must satisfy; see docs/profiles.md. */
export const PROFILE_SCHEMA = {
  $id: 'https://deid-share.invalid/schemas/profile.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'title', 'description', 'basis', 'options', 'pseudonym', 'dates'],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]*$', maxLength: 48 },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    basis: { type: 'string', minLength: 1 },
    options: { type: 'array', uniqueItems: true, items: { enum: OPTION_IDS } },
    pseudonym: PSEUDONYM_SCHEME_SCHEMA,
    pseudonymIssuer: { type: 'string', pattern: '^[A-Za-z0-9 ._-]{1,64}$' },
    unknownPatient: { enum: ['pseudonym-per-study', 'withhold'] },
    dates: {
      type: 'object',
      additionalProperties: false,
      required: ['cleaning', 'times', 'birthDate'],
      properties: {
        cleaning: { enum: ['shift', 'fixed', 'current', 'remove'] },
        shiftDays: {
          type: 'object',
          additionalProperties: false,
          required: ['min', 'max'],
          properties: { min: { type: 'integer', minimum: -36500, maximum: 36500 }, max: { type: 'integer', minimum: -36500, maximum: 36500 } },
        },
        fixedDate: { type: 'string', pattern: '^\\d{8}$' },
        times: { enum: ['keep', 'remove'] },
        birthDate: { enum: ['table', 'shift', 'age'] },
      },
    },
    sources: {
      type: 'array',
      description: 'What each rule of the profile rests on: a statement of a source document (file and line), or the project\'s own choice where the sources are silent.',
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['rule', 'cites', 'says'],
            properties: { rule: { type: 'string', minLength: 1 }, cites: { type: 'string', pattern: SOURCE_CITATION }, says: { type: 'string', minLength: 1 } },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['rule', 'choice'],
            properties: { rule: { type: 'string', minLength: 1 }, choice: { type: 'string', minLength: 1 } },
          },
        ],
      },
    },
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['tag', 'action', 'reason'],
        properties: {
          tag: { type: 'string', pattern: '^\\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\\)$' },
          action: { enum: ['D', 'Z', 'X', 'K', 'C', 'U'] },
          reason: { type: 'string', minLength: 1 },
        },
      },
    },
    secondStage: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'keep'],
      properties: {
        title: { type: 'string', minLength: 1 },
        keep: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: TAG_OR_KEYWORD } },
      },
    },
    scanExceptions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'kind', 'reason'],
        properties: {
          path: { type: 'string', pattern: '^[*(]' },
          kind: { enum: FINDING_KINDS },
          reason: { type: 'string', minLength: 1 },
        },
      },
    },
    pixels: {
      type: 'object',
      additionalProperties: false,
      properties: {
        onTextOutsideKnownRegions: { enum: ['mask', 'withhold'] },
        detectText: { type: 'boolean' },
        screen: { enum: ['all', 'declared'] },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'signature', 'regions'],
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 80 },
              signature: { type: 'string', minLength: 1 },
              regions: {
                type: 'array',
                minItems: 1,
                items: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'integer', minimum: 0, maximum: 65535 } },
              },
            },
          },
        },
      },
    },
  },
} as const;
