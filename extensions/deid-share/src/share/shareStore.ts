/**
 * The shares started in this browser tab, one per study, observable by the panel (useSyncExternalStore).
 * It lives in the extension's service, so a share keeps being tracked when the panel is closed and reopened.
 */
import type { SidecarClient } from '../api/client.js';
import { initialShareState, shareReducer, type ShareState } from './shareState.js';
import { trackShare } from './trackShare.js';

export type ShareSnapshot = Readonly<Record<string, ShareState>>;

export interface ShareStore {
  getSnapshot(): ShareSnapshot;
  subscribe(listener: () => void): () => void;
  /** Starts one share per study to the given peers; a study whose share is still under way is left alone. */
  share(studyInstanceUIDs: string[], peers: string[]): void;
  /** Forgets finished and failed shares (the panel's "Share again"). */
  clearFinished(): void;
  /** Stops polling (the viewer is leaving); the shares themselves go on in the sidecar. */
  dispose(): void;
}

export interface ShareStoreOptions {
  client: SidecarClient;
  pollIntervalMs: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export function createShareStore({ client, pollIntervalMs, sleep }: ShareStoreOptions): ShareStore {
  let snapshot: ShareSnapshot = {};
  const listeners = new Set<() => void>();
  const controller = new AbortController();

  const update = (studyInstanceUID: string, next: ShareState) => {
    snapshot = { ...snapshot, [studyInstanceUID]: next };
    for (const listener of listeners) listener();
  };
  const underWay = (state: ShareState | undefined) => state?.phase === 'starting' || state?.phase === 'running';

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    share(studyInstanceUIDs, peers) {
      if (peers.length === 0) throw new Error('Choose at least one peer to share with.');
      for (const studyInstanceUID of studyInstanceUIDs) {
        if (underWay(snapshot[studyInstanceUID])) continue;
        update(studyInstanceUID, initialShareState(studyInstanceUID, peers));
        void trackShare({
          client,
          studyInstanceUID,
          peers,
          intervalMs: pollIntervalMs,
          signal: controller.signal,
          sleep,
          dispatch: (event) => {
            const current = snapshot[studyInstanceUID];
            if (current) update(studyInstanceUID, shareReducer(current, event));
          },
        });
      }
    },
    clearFinished() {
      const kept = Object.entries(snapshot).filter(([, state]) => underWay(state));
      snapshot = Object.fromEntries(kept);
      for (const listener of listeners) listener();
    },
    dispose() {
      controller.abort();
      listeners.clear();
    },
  };
}
