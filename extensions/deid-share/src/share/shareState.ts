/**
 * The life of one share (one study sent to one or more peers) as a state machine:
 *
 *   starting ──started──▶ running ──snapshot(terminal)──▶ finished
 *      │                    │  ▲
 *      │ startFailed        │  └─ snapshot / pollFailed (transient, below the limit)
 *      ▼                    ▼
 *    error ◀──── pollFailed (auth, forbidden, gone, or too many in a row)
 *
 * Pure: the panel and the poller feed it events; tests drive it directly.
 */
import { SidecarError, describeError, type UserMessage } from '../api/errors.js';
import type { PeerShare, Share, ShareStatus } from '../api/types.js';

/** Consecutive failed polls tolerated before giving up (network blips, sidecar restarts). */
export const MAX_POLL_FAILURES = 3;

export type ShareState =
  | { phase: 'starting'; studyInstanceUID: string; peers: string[] }
  | { phase: 'running'; studyInstanceUID: string; peers: string[]; id: string; share: Share | null; pollFailures: number }
  | { phase: 'finished'; studyInstanceUID: string; peers: string[]; id: string; share: Share }
  | { phase: 'error'; studyInstanceUID: string; peers: string[]; id: string | null; share: Share | null; error: UserMessage };

export type ShareEvent =
  | { type: 'started'; id: string }
  | { type: 'startFailed'; error: unknown }
  | { type: 'snapshot'; share: Share }
  | { type: 'pollFailed'; error: unknown };

const TERMINAL: ReadonlySet<ShareStatus> = new Set(['done', 'partial', 'failed']);

export function isTerminal(status: ShareStatus): boolean {
  return TERMINAL.has(status);
}

export function initialShareState(studyInstanceUID: string, peers: string[]): ShareState {
  return { phase: 'starting', studyInstanceUID, peers };
}

/** Whether a failed poll ends tracking: errors that polling again cannot fix, or too many failures in a row. */
export function stopsPolling(error: unknown, consecutiveFailures: number): boolean {
  if (consecutiveFailures >= MAX_POLL_FAILURES) return true;
  return error instanceof SidecarError && ['unauthenticated', 'forbidden', 'not-found', 'invalid-response'].includes(error.kind);
}

export function shareReducer(state: ShareState, event: ShareEvent): ShareState {
  const { studyInstanceUID, peers } = state;
  switch (event.type) {
    case 'started':
      if (state.phase !== 'starting') return state;
      return { phase: 'running', studyInstanceUID, peers, id: event.id, share: null, pollFailures: 0 };
    case 'startFailed':
      if (state.phase !== 'starting') return state;
      return { phase: 'error', studyInstanceUID, peers, id: null, share: null, error: describeError(event.error) };
    case 'snapshot':
      if (state.phase !== 'running') return state;
      if (isTerminal(event.share.status)) return { phase: 'finished', studyInstanceUID, peers, id: state.id, share: event.share };
      return { ...state, share: event.share, pollFailures: 0 };
    case 'pollFailed': {
      if (state.phase !== 'running') return state;
      const pollFailures = state.pollFailures + 1;
      if (stopsPolling(event.error, pollFailures)) {
        return { phase: 'error', studyInstanceUID, peers, id: state.id, share: state.share, error: describeError(event.error) };
      }
      return { ...state, pollFailures };
    }
  }
}

export interface PeerProgress {
  /** Instances handled so far (sent, withheld, refused or failed). */
  processed: number;
  total: number;
  /** 0–100, for the progress bar. */
  percent: number;
  /** e.g. "12 / 40 sent" */
  label: string;
}

export function peerProgress(peer: PeerShare): PeerProgress {
  const processed = Math.min(peer.total, peer.done + peer.withheld + peer.refused + peer.failed);
  const percent = peer.total > 0 ? Math.round((100 * processed) / peer.total) : isTerminal(peer.status) ? 100 : 0;
  return { processed, total: peer.total, percent, label: `${peer.done} / ${peer.total} sent` };
}

/** Whether the user should look at this share: a finished share that did not fully succeed, or an error. */
export function needsAttention(state: ShareState): boolean {
  if (state.phase === 'error') return true;
  return state.phase === 'finished' && state.share.status !== 'done';
}
