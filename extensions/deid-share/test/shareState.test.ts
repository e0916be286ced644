import type { PeerShare } from '../src/api/types.js';
import { SidecarError } from '../src/api/errors.js';
import {
  MAX_POLL_FAILURES,
  initialShareState,
  needsAttention,
  peerProgress,
  shareReducer,
  type ShareEvent,
  type ShareState,
} from '../src/share/shareState.js';
import { shareSnapshot } from './fakeSidecar.js';

const run = (events: ShareEvent[]): ShareState => events.reduce(shareReducer, initialShareState('1.2.3', ['lab-a']));
const unavailable = new SidecarError(0, 'network', 'Failed to fetch');

describe('share state machine', () => {
  it('goes starting → running → finished', () => {
    expect(run([]).phase).toBe('starting');
    expect(run([{ type: 'started', id: 's1' }])).toMatchObject({ phase: 'running', id: 's1', share: null });
    const running = run([{ type: 'started', id: 's1' }, { type: 'snapshot', share: shareSnapshot('running', 2) }]);
    expect(running).toMatchObject({ phase: 'running', share: { status: 'running' } });
    const finished = shareReducer(running, { type: 'snapshot', share: shareSnapshot('done', 4) });
    expect(finished).toMatchObject({ phase: 'finished', share: { status: 'done' } });
    expect(needsAttention(finished)).toBe(false);
  });

  it('finishes on partial and failed too, and those need attention', () => {
    for (const status of ['partial', 'failed'] as const) {
      const state = run([{ type: 'started', id: 's1' }, { type: 'snapshot', share: shareSnapshot(status, 3) }]);
      expect(state.phase).toBe('finished');
      expect(needsAttention(state)).toBe(true);
    }
  });

  it('shows a refused start as an error with the reason', () => {
    const state = run([{ type: 'startFailed', error: new SidecarError(403, 'forbidden', 'no agreement with lab-a') }]);
    expect(state).toMatchObject({ phase: 'error', id: null, error: { title: 'Not allowed' } });
    expect(needsAttention(state)).toBe(true);
  });

  it('tolerates transient poll failures, and a good poll resets the count', () => {
    const events: ShareEvent[] = [{ type: 'started', id: 's1' }];
    for (let i = 1; i < MAX_POLL_FAILURES; i++) events.push({ type: 'pollFailed', error: unavailable });
    expect(run(events)).toMatchObject({ phase: 'running', pollFailures: MAX_POLL_FAILURES - 1 });
    events.push({ type: 'snapshot', share: shareSnapshot('running', 1) });
    expect(run(events)).toMatchObject({ phase: 'running', pollFailures: 0 });
  });

  it('gives up after too many failed polls in a row, keeping the last snapshot', () => {
    const events: ShareEvent[] = [{ type: 'started', id: 's1' }, { type: 'snapshot', share: shareSnapshot('running', 1) }];
    for (let i = 0; i < MAX_POLL_FAILURES; i++) events.push({ type: 'pollFailed', error: unavailable });
    expect(run(events)).toMatchObject({ phase: 'error', id: 's1', share: { status: 'running' }, error: { title: 'Sharing service unreachable' } });
  });

  it('stops at once when the session expired or access was revoked', () => {
    for (const status of [401, 403]) {
      const state = run([{ type: 'started', id: 's1' }, { type: 'pollFailed', error: new SidecarError(status, 'x', 'no') }]);
      expect(state.phase).toBe('error');
    }
  });

  it('ignores events that do not fit the phase', () => {
    const finished = run([{ type: 'started', id: 's1' }, { type: 'snapshot', share: shareSnapshot('done', 4) }]);
    expect(shareReducer(finished, { type: 'snapshot', share: shareSnapshot('running', 1) })).toBe(finished);
    expect(shareReducer(finished, { type: 'started', id: 's2' })).toBe(finished);
    const starting = run([]);
    expect(shareReducer(starting, { type: 'snapshot', share: shareSnapshot('running', 1) })).toBe(starting);
  });
});

describe('peer progress', () => {
  const peer = { ...(shareSnapshot('running', 10).peers[0] as PeerShare), total: 40, withheld: 1, failed: 1 };

  it('counts handled instances for the bar and sent ones for the label', () => {
    expect(peerProgress(peer)).toEqual({ processed: 12, total: 40, percent: 30, label: '10 / 40 sent' });
  });

  it('handles empty studies', () => {
    expect(peerProgress({ ...peer, total: 0, done: 0, withheld: 0, failed: 0 }).percent).toBe(0);
    expect(peerProgress({ ...peer, status: 'done', total: 0, done: 0, withheld: 0, failed: 0 }).percent).toBe(100);
  });
});
