/**
 * Tells the user when a share ends, through OHIF's notifications, so the outcome is seen even with the panel
 * closed: a success note, or a warning/error pointing to the panel for the details.
 */
import type { UINotificationService } from '../ohif.js';
import { needsAttention, type ShareState } from './shareState.js';
import type { ShareStore } from './shareStore.js';

export function notifyOnEnd(shares: ShareStore, notifications: UINotificationService): () => void {
  const ended = (state: ShareState | undefined) => state?.phase === 'finished' || state?.phase === 'error';
  let previous = shares.getSnapshot();
  return shares.subscribe(() => {
    const current = shares.getSnapshot();
    for (const [studyInstanceUID, state] of Object.entries(current)) {
      if (ended(state) && !ended(previous[studyInstanceUID])) notifications.show(notification(state));
    }
    previous = current;
  });
}

function notification(state: ShareState): Parameters<UINotificationService['show']>[0] {
  const peers = state.peers.join(', ');
  if (!needsAttention(state)) {
    return { title: 'De-identify & Share', message: `Study shared with ${peers}.`, type: 'success' };
  }
  if (state.phase === 'error') {
    return { title: 'De-identify & Share', message: `${state.error.title}: ${state.error.detail}`, type: 'error' };
  }
  const status = state.phase === 'finished' ? state.share.status : state.phase;
  return {
    title: 'De-identify & Share',
    message: `Sharing with ${peers} ended ${status}: see the De-identify & Share panel for what was held back and why.`,
    type: status === 'failed' ? 'error' : 'warning',
  };
}
