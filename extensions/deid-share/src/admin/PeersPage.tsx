import { useState } from 'react';
import { useAsync } from '../panel/useAsync.js';
import { api } from './api.js';
import { when } from './actions.js';
import { ErrorBanner } from './ErrorBanner.js';
import { ProfileChange } from './ProfileChange.js';
import { StatusBadge } from './StatusBadge.js';
import type { AdminPeer, RoutingRule } from './types.js';

/** Every peer: where it is, whether it answers now, what it receives and under which profile, and its last shares. */
export function PeersPage() {
  const [version, setVersion] = useState(0);
  const peers = useAsync((signal) => Promise.all([api.peers(signal), api.routing(signal)]), [version]);
  const [changing, setChanging] = useState<string | null>(null);

  if (!peers.state || peers.state.status === 'loading') return <p role="status">Loading peers…</p>;
  if (peers.state.status === 'error') return <ErrorBanner error={peers.state.error} onRetry={peers.retry} testId="admin-peers-error" />;
  const [list, routing] = peers.state.value;
  const peer = list.find((entry) => entry.name === changing);
  if (peer) {
    return (
      <ProfileChange
        peer={peer}
        onDone={(saved) => {
          setChanging(null);
          if (saved) setVersion((n) => n + 1);
        }}
      />
    );
  }
  return (
    <section aria-labelledby="peers-title">
      <h1 id="peers-title">Peers</h1>
      <div className="adm-cards">
        {list.map((entry) => (
          <PeerCard key={entry.name} peer={entry} rules={routing.filter((rule) => rule.peers.includes(entry.name))} onChange={() => setChanging(entry.name)} />
        ))}
      </div>
    </section>
  );
}

function PeerCard({ peer, rules, onChange }: { peer: AdminPeer; rules: RoutingRule[]; onChange: () => void }) {
  const { setting } = peer;
  return (
    <article className="adm-card" aria-labelledby={`peer-${peer.name}`} data-cy={`admin-peer-${peer.name}`}>
      <header className="adm-row">
        <h2 id={`peer-${peer.name}`}>{peer.name}</h2>
        <Reachability peer={peer.name} />
      </header>
      {peer.description ? <p className="adm-muted">{peer.description}</p> : null}
      <dl className="adm-facts">
        <dt>URL</dt>
        <dd>
          <code>{peer.url}</code>
        </dd>
        <dt>Profile</dt>
        <dd data-cy="admin-peer-profile">
          {peer.profile.title} <code>{setting.profileId}</code> v{setting.profileVersion}
          <span className="adm-muted">
            {' '}
            — {setting.source === 'admin' ? `set by ${setting.updatedBy ?? 'an admin'} ${when(setting.updatedAt)}` : 'from the config file'}
          </span>
        </dd>
        <dt>Options</dt>
        <dd>
          {peer.profile.options.length > 0 ? peer.profile.options.join(', ') : 'none'}
          {setting.options.length > 0 ? <span className="adm-muted"> (added for this peer: {setting.options.join(', ')})</span> : null}
        </dd>
        <dt>Pseudonym scheme</dt>
        <dd>{setting.scheme}</dd>
        <dt>UID namespace</dt>
        <dd>
          <code>{peer.uidNamespace}</code>
        </dd>
        {peer.siteId ? (
          <>
            <dt>Site</dt>
            <dd>{peer.siteId}</dd>
          </>
        ) : null}
        <dt>Routing rules</dt>
        <dd>{rules.length > 0 ? rules.map((rule) => rule.name).join(', ') : 'none: only shared on request'}</dd>
      </dl>
      <LastShares peer={peer.name} />
      <button type="button" className="adm-primary" onClick={onChange} data-cy="admin-change-profile">
        Change profile…
      </button>
    </article>
  );
}

function Reachability({ peer }: { peer: string }) {
  const check = useAsync((signal) => api.reachability(peer, signal), [peer]);
  const state = check.state;
  let text = 'checking…';
  let tone = 'adm-muted';
  if (state?.status === 'error') [text, tone] = ['could not be checked', 'adm-warn'];
  if (state?.status === 'ready') {
    const result = state.value;
    [text, tone] = result.reachable ? [`reachable (${result.latencyMs ?? 0} ms)`, 'adm-ok'] : [`unreachable: ${result.error ?? ''}`, 'adm-bad'];
  }
  return (
    <span className="adm-row">
      <span className={`adm-reach ${tone}`} role="status" data-cy="admin-peer-reachability">
        {text}
      </span>
      <button type="button" onClick={check.retry} aria-label={`Check ${peer} again`}>
        Check again
      </button>
    </span>
  );
}

function LastShares({ peer }: { peer: string }) {
  const shares = useAsync((signal) => api.shares({ peer, limit: 5 }, signal), [peer]);
  if (!shares.state || shares.state.status === 'loading') return <p className="adm-muted">Loading the last shares…</p>;
  if (shares.state.status === 'error') return <ErrorBanner error={shares.state.error} onRetry={shares.retry} testId="admin-peer-shares-error" />;
  const jobs = shares.state.value;
  if (jobs.length === 0) return <p className="adm-muted">Nothing shared to {peer} yet.</p>;
  return (
    <table className="adm-table">
      <caption>Last shares to {peer}</caption>
      <thead>
        <tr>
          <th scope="col">Created</th>
          <th scope="col">Study</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => {
          const target = job.peers.find((entry) => entry.peer === peer);
          return (
            <tr key={job.id}>
              <td>{when(job.createdAt)}</td>
              <td>
                <code title={job.studyInstanceUID}>{shortUid(job.studyInstanceUID)}</code>
              </td>
              <td>{target ? <StatusBadge status={target.status} /> : null}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export const shortUid = (uid: string) => (uid.length > 24 ? `…${uid.slice(-20)}` : uid);
