/**
 * Shape checks for the sidecar's answers, done once at the edge: the panel trusts what passes.
 * They check what the panel relies on, not every field.
 */
import { SidecarError } from './errors.js';
import type { Peer, Preview, Share } from './types.js';

function invalid(what: string): SidecarError {
  return new SidecarError(200, 'invalid_response', `The sharing service sent an unexpected ${what}.`);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';

export function decodePeers(body: unknown): Peer[] {
  if (!Array.isArray(body)) throw invalid('peer list');
  for (const peer of body) {
    if (!isObject(peer) || !isString(peer.name) || !isObject(peer.profile) || !isString(peer.profile.title)) {
      throw invalid('peer list');
    }
    if (!Array.isArray(peer.profile.options)) throw invalid('peer profile');
  }
  return body as Peer[];
}

export function decodePreview(body: unknown): Preview {
  if (!isObject(body) || !isString(body.status) || !Array.isArray(body.rows)) throw invalid('preview');
  for (const row of body.rows) {
    if (!isObject(row) || !isString(row.tag) || !isString(row.path) || !isString(row.action)) throw invalid('preview row');
  }
  return body as unknown as Preview;
}

export function decodeShareId(body: unknown): string {
  if (!isObject(body) || !isString(body.id) || body.id === '') throw invalid('share receipt');
  return body.id;
}

export function decodeShare(body: unknown): Share {
  if (!isObject(body) || !isString(body.id) || !isString(body.status) || !Array.isArray(body.peers)) {
    throw invalid('share status');
  }
  for (const peer of body.peers) {
    if (!isObject(peer) || !isString(peer.peer) || typeof peer.total !== 'number' || typeof peer.done !== 'number') {
      throw invalid('share status');
    }
    if (!Array.isArray(peer.reasons)) throw invalid('share status');
  }
  return body as unknown as Share;
}
