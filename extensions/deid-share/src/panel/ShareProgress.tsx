import type { PeerShare } from '../api/types.js';
import { groupReasons, type ReasonGroup } from '../share/reasonGroups.js';
import { peerProgress, type ShareState } from '../share/shareState.js';
import { ErrorNotice } from './ErrorNotice.js';

/** One study's share: live progress per peer while it runs, then the outcome (link, or what was held back and why). */
export function ShareProgress({ state, studyLabel }: { state: ShareState; studyLabel: string }) {
  const overall = state.phase === 'finished' ? state.share.status : state.phase;
  return (
    <div className="ds-card" data-cy="deid-share-share" data-phase={state.phase} data-status={overall}>
      <div className="ds-row" style={{ justifyContent: 'space-between' }}>
        <span>{studyLabel}</span>
        <span className={`ds-status ds-status-${overall}`}>{overall}</span>
      </div>
      {state.phase === 'starting' ? <p className="ds-muted">Starting the share…</p> : null}
      {state.phase === 'error' ? (
        <ErrorNotice error={state.error} testId="deid-share-share-error" />
      ) : null}
      {(state.phase === 'running' || state.phase === 'finished' || state.phase === 'error') && state.share
        ? state.share.peers.map((peer) => <PeerRow key={peer.peer} peer={peer} />)
        : null}
      {state.phase === 'running' && !state.share ? <p className="ds-muted">Queued…</p> : null}
    </div>
  );
}

function PeerRow({ peer }: { peer: PeerShare }) {
  const progress = peerProgress(peer);
  const heldBack = [
    peer.withheld > 0 ? `${peer.withheld} withheld` : null,
    peer.refused > 0 ? `${peer.refused} refused` : null,
    peer.failed > 0 ? `${peer.failed} failed` : null,
  ].filter(Boolean);
  return (
    <div style={{ marginTop: 8 }} data-cy={`deid-share-progress-${peer.peer}`} data-status={peer.status}>
      <div className="ds-row">
        <strong>{peer.peer}</strong>
        <span className={`ds-status ds-status-${peer.status}`}>{peer.status}</span>
      </div>
      <div className="ds-row">
        <div
          className={`ds-bar is-${peer.status}`}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={progress.total}
          aria-valuenow={progress.processed}
          aria-label={`Progress to ${peer.peer}`}
        >
          <div style={{ width: `${progress.percent}%` }} />
        </div>
        <span data-cy="deid-share-progress-label">{progress.label}</span>
      </div>
      {/* Once the peer is finished, the sidecar's reason says what the counts say, and more. */}
      {peer.reason ? (
        <div data-cy="deid-share-peer-reason">{peer.reason}</div>
      ) : heldBack.length > 0 ? (
        <div className="ds-muted">{heldBack.join(' · ')}</div>
      ) : null}
      {peer.status === 'done' || peer.status === 'partial' ? <CopyLink peer={peer} /> : null}
      {peer.reasons.length > 0 ? (
        <ul className="ds-reasons" data-cy="deid-share-reasons">
          {groupReasons(peer.reasons).map((group) => (
            <ReasonItem key={`${group.status}:${group.reason}`} group={group} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** UIDs shown per reason; a peer that is down fails every instance of a large study alike. */
const UIDS_SHOWN = 3;

function ReasonItem({ group }: { group: ReasonGroup }) {
  const { status, reason, sopInstanceUIDs } = group;
  const hidden = sopInstanceUIDs.length - UIDS_SHOWN;
  return (
    <li>
      <span className={`ds-status ds-status-${status === 'withheld' ? 'partial' : 'failed'}`}>{status}</span>
      {sopInstanceUIDs.length > 1 ? <span className="ds-muted"> ({sopInstanceUIDs.length} instances)</span> : null} {reason}{' '}
      <span className="ds-uid">
        {sopInstanceUIDs.slice(0, UIDS_SHOWN).join(', ')}
        {hidden > 0 ? ` and ${hidden} more` : ''}
      </span>
    </li>
  );
}

function CopyLink({ peer }: { peer: PeerShare }) {
  if (peer.peerStudyUrl) {
    return (
      <a href={peer.peerStudyUrl} target="_blank" rel="noreferrer noopener" data-cy="deid-share-peer-link">
        Open the de-identified copy on {peer.peer}
      </a>
    );
  }
  if (peer.peerStudyId) {
    return (
      <div className="ds-muted" data-cy="deid-share-peer-link">
        Copy on {peer.peer}: <span className="ds-uid">{peer.peerStudyId}</span>
      </div>
    );
  }
  return null;
}
