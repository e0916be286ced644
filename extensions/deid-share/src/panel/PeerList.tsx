import type { Peer } from '../api/types.js';

interface PeerListProps {
  peers: Peer[];
  selected: ReadonlySet<string>;
  focused: string | null;
  onToggle: (name: string) => void;
}

/** The peers this user may share to, each with the de-identification profile it receives. */
export function PeerList({ peers, selected, focused, onToggle }: PeerListProps) {
  if (peers.length === 0) {
    return (
      <p className="ds-muted" data-cy="deid-share-no-peers">
        No peers are available to you. Ask the data-protection office to grant you a sharing agreement.
      </p>
    );
  }
  return (
    <div data-cy="deid-share-peers">
      {peers.map((peer) => (
        <label
          key={peer.name}
          className={`ds-card ds-peer${peer.name === focused ? ' is-focused' : ''}`}
          data-cy={`deid-share-peer-${peer.name}`}
        >
          <input type="checkbox" checked={selected.has(peer.name)} onChange={() => onToggle(peer.name)} />
          <div>
            <div>
              <strong>{peer.name}</strong>
              {peer.description ? <span className="ds-muted"> — {peer.description}</span> : null}
            </div>
            <div>
              {peer.profile.title} <span className="ds-muted">v{peer.profile.version}</span>
            </div>
            <div className="ds-muted">{peer.profile.summary}</div>
            {peer.profile.options.length > 0 ? (
              <div className="ds-chips">
                {peer.profile.options.map((option) => (
                  <span key={option} className="ds-chip">
                    {option}
                  </span>
                ))}
              </div>
            ) : null}
          </div>
        </label>
      ))}
    </div>
  );
}
