/** Runs one share against the sidecar: start it, then poll its status until it ends, feeding the state machine. */
import type { SidecarClient } from '../api/client.js';
import { isTerminal, stopsPolling, type ShareEvent } from './shareState.js';

export interface TrackShareOptions {
  client: SidecarClient;
  studyInstanceUID: string;
  peers: string[];
  dispatch: (event: ShareEvent) => void;
  intervalMs: number;
  /** Stops polling (the panel closed); no more events are dispatched after it aborts. */
  signal: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export async function trackShare(options: TrackShareOptions): Promise<void> {
  const { client, studyInstanceUID, peers, dispatch, intervalMs, signal, sleep = abortableSleep } = options;
  const emit = (event: ShareEvent) => {
    if (!signal.aborted) dispatch(event);
  };
  let id: string;
  try {
    id = await client.startShare(studyInstanceUID, peers);
  } catch (error) {
    emit({ type: 'startFailed', error });
    return;
  }
  emit({ type: 'started', id });
  let failures = 0;
  while (!signal.aborted) {
    try {
      const share = await client.getShare(id, signal);
      failures = 0;
      emit({ type: 'snapshot', share });
      if (isTerminal(share.status)) return;
    } catch (error) {
      if (signal.aborted) return;
      failures += 1;
      emit({ type: 'pollFailed', error });
      if (stopsPolling(error, failures)) return;
    }
    await sleep(intervalMs, signal);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
