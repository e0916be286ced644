/**
 * Shape checks for the sidecar's answers, done once at the edge against the contract's own schemas: the panel
 * trusts what passes.
 */
import { conforms, PeerList, Preview, ShareJob, ShareReceipt } from '@deid-share/api-contract';

import { SidecarError } from './errors.js';
import type { Peer, Share } from './types.js';

function invalid(what: string): SidecarError {
  return new SidecarError(200, 'invalid_response', `The sharing service sent an unexpected ${what}.`);
}

export function decodePeers(body: unknown): Peer[] {
  if (!conforms(PeerList, body)) throw invalid('peer list');
  return body;
}

export function decodePreview(body: unknown): Preview {
  if (!conforms(Preview, body)) throw invalid('preview');
  return body;
}

export function decodeShareId(body: unknown): string {
  if (!conforms(ShareReceipt, body) || body.id === '') throw invalid('share receipt');
  return body.id;
}

export function decodeShare(body: unknown): Share {
  if (!conforms(ShareJob, body)) throw invalid('share status');
  return body;
}
