/** JSON schemas shared by the routes; they validate requests, shape responses and make the OpenAPI document. */

export const ERROR_SCHEMA = {
  $id: 'Error',
  type: 'object',
  description: 'Every 4xx and 5xx answer.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable, machine-readable: bad_request, unauthenticated, forbidden, not_found, queue_full, erasure_impossible, ...' },
        message: { type: 'string', description: 'For people; never contains patient data.' },
      },
    },
  },
} as const;

export const STATUS = { type: 'string', enum: ['queued', 'running', 'done', 'partial', 'failed'] } as const;

export const PEER_SHARE_SCHEMA = {
  $id: 'PeerShare',
  type: 'object',
  required: ['peer', 'status', 'total', 'done', 'withheld', 'refused', 'failed', 'reasons'],
  properties: {
    peer: { type: 'string' },
    status: STATUS,
    total: { type: 'integer', description: 'Instances of the study.' },
    done: { type: 'integer', description: 'Instances the peer acknowledged (checked to hold, once finished).' },
    withheld: { type: 'integer' },
    refused: { type: 'integer' },
    failed: { type: 'integer' },
    peerStudyId: { type: 'string', description: "The copy's Orthanc ID on the peer, once verified." },
    peerStudyUrl: { type: 'string' },
    reason: { type: 'string', description: 'Why this peer is partial or failed.' },
    profile: {
      type: 'object',
      properties: { id: { type: 'string' }, version: { type: 'string' }, sha256: { type: 'string' }, options: { type: 'array', items: { type: 'string' } } },
    },
    reasons: {
      type: 'array',
      description: 'Every instance that was withheld, refused or not delivered, with the reason.',
      items: {
        type: 'object',
        required: ['sopInstanceUID', 'status', 'reason'],
        properties: {
          sopInstanceUID: { type: 'string', description: 'The original SOP Instance UID.' },
          status: { type: 'string', enum: ['withheld', 'refused', 'failed'] },
          reason: { type: 'string' },
        },
      },
    },
  },
} as const;

export const SHARE_JOB_SCHEMA = {
  $id: 'ShareJob',
  type: 'object',
  required: ['id', 'status', 'studyInstanceUID', 'peers'],
  properties: {
    id: { type: 'string' },
    status: STATUS,
    studyInstanceUID: { type: 'string' },
    orthancStudyId: { type: 'string', description: 'The study in the source Orthanc.' },
    requestedBy: { type: 'string' },
    origin: { type: 'string', enum: ['request', 'auto'] },
    createdAt: { type: 'string' },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    reason: { type: 'string' },
    peers: { type: 'array', items: { $ref: 'PeerShare#' } },
  },
} as const;

export const PEER_SCHEMA = {
  $id: 'Peer',
  type: 'object',
  required: ['name', 'description', 'profile'],
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    profile: {
      type: 'object',
      required: ['id', 'version', 'title', 'summary', 'options'],
      properties: {
        id: { type: 'string' },
        version: { type: 'string' },
        title: { type: 'string' },
        summary: { type: 'string' },
        options: { type: 'array', items: { type: 'string' }, description: "The profile's options and the peer's extra options." },
        scheme: { type: 'string', description: 'Pseudonym scheme.' },
      },
    },
  },
} as const;

export const AUDIT_EVENT_SCHEMA = {
  $id: 'AuditEvent',
  type: 'object',
  required: ['seq', 'at', 'actor', 'role', 'action'],
  properties: {
    seq: { type: 'integer' },
    at: { type: 'string' },
    actor: { type: 'string' },
    role: { type: 'string' },
    action: { type: 'string' },
    peer: { type: 'string' },
    jobId: { type: 'string' },
    profileId: { type: 'string' },
    profileSha256: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

export const ERASURE_SCHEMA = {
  $id: 'Erasure',
  type: 'object',
  required: ['id', 'status', 'at', 'message', 'peers'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['complete', 'incomplete', 'impossible'] },
    at: { type: 'string' },
    message: { type: 'string' },
    peers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['peer', 'scheme', 'searchable', 'deleted', 'alreadyGone', 'errors'],
        properties: {
          peer: { type: 'string' },
          scheme: { type: 'string' },
          searchable: { type: 'boolean' },
          message: { type: 'string' },
          deleted: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                peerStudyId: { type: 'string' },
                peerStudyUID: { type: 'string' },
                foundBy: { type: 'array', items: { type: 'string', enum: ['ledger', 'pseudonym'] } },
                deletedAt: { type: 'string' },
              },
            },
          },
          alreadyGone: { type: 'array', items: { type: 'object', properties: { peerStudyUID: { type: 'string' } } } },
          errors: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
} as const;

export const SHARED_SCHEMAS = [ERROR_SCHEMA, PEER_SHARE_SCHEMA, SHARE_JOB_SCHEMA, PEER_SCHEMA, AUDIT_EVENT_SCHEMA, ERASURE_SCHEMA];

/** The error answers a route may give, for its response schema. */
export function errors(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((status) => [status, { $ref: 'Error#' }]));
}
