/** JSON schema of the sidecar config file; `docs/config.example.json` is an instance of it. */

const NAME = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } as const;
const HTTP_URL = { type: 'string', pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$' } as const;
const NON_EMPTY = { type: 'string', minLength: 1 } as const;
const STRINGS = { type: 'array', items: NON_EMPTY, minItems: 1 } as const;
const ROLE = { enum: ['radiologist', 'admin', 'orthanc'] } as const;

const CREDENTIALS = {
  type: 'object',
  description: 'HTTP basic credentials; the password comes from a file or an environment variable, never from this file.',
  required: ['username'],
  additionalProperties: false,
  properties: {
    username: NON_EMPTY,
    passwordFile: NON_EMPTY,
    passwordEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  },
} as const;

const ORTHANC = {
  url: HTTP_URL,
  credentials: CREDENTIALS,
  caFile: NON_EMPTY,
  timeoutMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
} as const;

export const CONFIG_SCHEMA = {
  type: 'object',
  required: ['source', 'peers'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    listen: {
      type: 'object',
      additionalProperties: false,
      properties: { host: NON_EMPTY, port: { type: 'integer', minimum: 0, maximum: 65535 } },
    },
    state: {
      description: 'The SQLite state file, or the PostgreSQL database shared by several workers (a postgres:// URL, or an object with its password source).',
      oneOf: [
        NON_EMPTY,
        {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', pattern: '^postgres(ql)?://[^\\s:@/]+@[^\\s/]+/[^\\s/?#]+$' },
            passwordFile: NON_EMPTY,
            passwordEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
            poolSize: { type: 'integer', minimum: 1, maximum: 100 },
          },
        },
      ],
    },
    workers: {
      type: 'object',
      description: 'With PostgreSQL state: how long a worker holds a share it no longer renews, and how often idle workers look for work.',
      additionalProperties: false,
      properties: {
        leaseSeconds: { type: 'number', minimum: 0.5, maximum: 600 },
        pollSeconds: { type: 'number', minimum: 0.05, maximum: 60 },
      },
    },
    projectSecretFile: NON_EMPTY,
    siteId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,32}$' },
    source: { type: 'object', required: ['url'], additionalProperties: false, properties: ORTHANC },
    peers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'url', 'profile'],
        additionalProperties: false,
        properties: {
          name: NAME,
          description: { type: 'string' },
          ...ORTHANC,
          profile: NON_EMPTY,
          options: { type: 'array', items: NON_EMPTY, uniqueItems: true },
          siteId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,32}$' },
          projectSecretFile: NON_EMPTY,
          uidNamespace: NON_EMPTY,
          studyUrlTemplate: NON_EMPTY,
          concurrentShares: { type: 'integer', minimum: 1, maximum: 1000 },
        },
      },
    },
    profiles: { type: 'object', propertyNames: NAME, additionalProperties: NON_EMPTY },
    routing: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'match', 'peers'],
        additionalProperties: false,
        properties: {
          name: NON_EMPTY,
          match: {
            type: 'object',
            additionalProperties: false,
            properties: {
              modality: STRINGS,
              callingAET: STRINGS,
              calledAET: STRINGS,
              institution: STRINGS,
              label: STRINGS,
              studyDescription: NON_EMPTY,
            },
          },
          peers: { type: 'array', items: NAME, minItems: 1, uniqueItems: true },
        },
      },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tokens: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'sha256', 'roles'],
            additionalProperties: false,
            properties: {
              name: NON_EMPTY,
              sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
              roles: { type: 'array', items: ROLE, minItems: 1, uniqueItems: true },
            },
          },
        },
        oidc: {
          type: 'object',
          required: ['issuer', 'audience', 'jwksUrl', 'rolesClaim', 'roleMap'],
          additionalProperties: false,
          properties: {
            issuer: NON_EMPTY,
            audience: NON_EMPTY,
            jwksUrl: HTTP_URL,
            rolesClaim: NON_EMPTY,
            roleMap: { type: 'object', additionalProperties: ROLE },
            subjectClaim: NON_EMPTY,
            clockToleranceSeconds: { type: 'integer', minimum: 0, maximum: 600 },
            jwksCacheSeconds: { type: 'integer', minimum: 10, maximum: 86400 },
          },
        },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        concurrentJobs: { type: 'integer', minimum: 1, maximum: 64 },
        concurrentInstances: { type: 'integer', minimum: 1, maximum: 256 },
        maxQueuedJobs: { type: 'integer', minimum: 0, maximum: 100000 },
        maxInFlightBytes: { type: 'integer', minimum: 1048576 },
        maxInstanceBytes: { type: 'integer', minimum: 1048576 },
        attempts: { type: 'integer', minimum: 1, maximum: 20 },
        retryDelayMs: { type: 'integer', minimum: 0, maximum: 600000 },
        maxRetryDelayMs: { type: 'integer', minimum: 0, maximum: 3600000 },
      },
    },
    metrics: { type: 'object', additionalProperties: false, properties: { requireAuth: { type: 'boolean' } } },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
  },
} as const;
