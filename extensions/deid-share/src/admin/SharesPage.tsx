import { useEffect, useState } from 'react';
import { useAsync } from '../panel/useAsync.js';
import { groupReasons } from '../share/reasonGroups.js';
import { api } from './api.js';
import { when } from './actions.js';
import { ErrorBanner } from './ErrorBanner.js';
import { shortUid } from './PeersPage.js';
import { StatusBadge } from './StatusBadge.js';
import type { PeerShare, ShareFilter, ShareJob } from './types.js';

/** How often the list is read again while the page is open. */
const REFRESH_MS = 2000;

/** Share jobs, live: filter, progress, per-peer outcome, what was withheld and why; retry; open the copy. */
export function SharesPage() {
  const [filter, setFilter] = useState<ShareFilter>({});
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const peers = useAsync((signal) => api.peers(signal), []);
  const jobs = useAsync((signal) => api.shares({ ...filter, limit: 100 }, signal), [JSON.stringify(filter), tick]);
  const [shown, setShown] = useState<ShareJob[] | null>(null);

  useEffect(() => {
    if (jobs.state?.status === 'ready') setShown(jobs.state.value);
  }, [jobs.state]);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const set = (key: keyof ShareFilter) => (event: { target: { value: string } }) => {
    const next = { ...filter, [key]: event.target.value };
    if (event.target.value === '') delete next[key];
    setShown(null);
    setFilter(next);
  };
  const peerNames = peers.state?.status === 'ready' ? peers.state.value.map((peer) => peer.name) : [];

  return (
    <section aria-labelledby="shares-title">
      <h1 id="shares-title">Shares</h1>
      <form className="adm-filters" aria-label="Filter shares" onSubmit={(event) => event.preventDefault()}>
        <div className="adm-filter">
          <label htmlFor="share-filter-status">Status</label>
          <select id="share-filter-status" value={filter.status ?? ''} onChange={set('status')} data-cy="admin-filter-status">
            <option value="">any</option>
            {['queued', 'running', 'done', 'partial', 'failed'].map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </div>
        <div className="adm-filter">
          <label htmlFor="share-filter-peer">Peer</label>
          <select id="share-filter-peer" value={filter.peer ?? ''} onChange={set('peer')} data-cy="admin-filter-peer">
            <option value="">any</option>
            {peerNames.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <div className="adm-filter">
          <label htmlFor="share-filter-origin">Origin</label>
          <select id="share-filter-origin" value={filter.origin ?? ''} onChange={set('origin')}>
            <option value="">any</option>
            <option value="request">on request</option>
            <option value="auto">automatic (routing rule)</option>
          </select>
        </div>
        <div className="adm-filter">
          <label htmlFor="share-filter-from">From</label>
          <input id="share-filter-from" type="date" value={filter.from ?? ''} onChange={set('from')} />
        </div>
        <div className="adm-filter">
          <label htmlFor="share-filter-to">To</label>
          <input id="share-filter-to" type="date" value={filter.to ?? ''} onChange={set('to')} />
        </div>
      </form>
      {jobs.state?.status === 'error' ? <ErrorBanner error={jobs.state.error} onRetry={jobs.retry} testId="admin-shares-error" /> : null}
      {shown === null ? (
        <p role="status">Loading shares…</p>
      ) : shown.length === 0 ? (
        <p>No share matches these filters.</p>
      ) : (
        <table className="adm-table" data-cy="admin-shares">
          <caption className="adm-visually-hidden">Share jobs, newest first, refreshed every {REFRESH_MS / 1000} seconds</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Study</th>
              <th scope="col">Origin</th>
              <th scope="col">Status</th>
              <th scope="col">Peers</th>
              <th scope="col">
                <span className="adm-visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((job) => (
              <JobRows key={job.id} job={job} open={open === job.id} onToggle={() => setOpen(open === job.id ? null : job.id)} tick={tick} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function JobRows({ job, open, onToggle, tick }: { job: ShareJob; open: boolean; onToggle: () => void; tick: number }) {
  return (
    <>
      <tr data-cy="admin-share-row" data-job={job.id}>
        <td>{when(job.createdAt)}</td>
        <td>
          <code title={job.studyInstanceUID}>{shortUid(job.studyInstanceUID)}</code>
        </td>
        <td>
          {job.origin === 'auto' ? 'automatic' : 'request'} <span className="adm-muted">by {job.requestedBy}</span>
        </td>
        <td>
          <StatusBadge status={job.status} />
        </td>
        <td>
          {job.peers.map((peer) => (
            <PeerProgress key={peer.peer} peer={peer} />
          ))}
        </td>
        <td>
          <button type="button" aria-expanded={open} onClick={onToggle} data-cy="admin-share-details">
            {open ? 'Hide' : 'Details'}
          </button>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={6}>
            <JobDetails id={job.id} tick={tick} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function PeerProgress({ peer }: { peer: PeerShare }) {
  const handled = peer.done + peer.withheld + peer.refused + peer.failed;
  return (
    <div className="adm-progress" data-cy="admin-peer-progress" data-peer={peer.peer}>
      <span>{peer.peer}</span> <StatusBadge status={peer.status} />
      <progress max={Math.max(peer.total, 1)} value={handled} aria-label={`${peer.peer}: ${handled} of ${peer.total} handled`} />
      <span className="adm-muted">
        {peer.done}/{peer.total} sent
        {peer.withheld ? `, ${peer.withheld} withheld` : ''}
        {peer.refused ? `, ${peer.refused} refused` : ''}
        {peer.failed ? `, ${peer.failed} failed` : ''}
      </span>
    </div>
  );
}

function JobDetails({ id, tick }: { id: string; tick: number }) {
  const job = useAsync((signal) => api.share(id, signal), [id, tick]);
  const [retry, setRetry] = useState<{ busy: boolean; result?: string; error?: unknown }>({ busy: false });
  const [last, setLast] = useState<ShareJob | null>(null);
  useEffect(() => {
    if (job.state?.status === 'ready') setLast(job.state.value);
  }, [job.state]);

  const startRetry = async () => {
    setRetry({ busy: true });
    try {
      const started = await api.retryShare(id);
      setRetry({ busy: false, result: `Retry started as share ${started.id} to ${started.peers.join(', ')}.` });
    } catch (error) {
      setRetry({ busy: false, error });
    }
  };

  if (job.state?.status === 'error' && !last) return <ErrorBanner error={job.state.error} onRetry={job.retry} testId="admin-share-error" />;
  if (!last) return <p role="status">Loading…</p>;
  return (
    <div className="adm-details" data-cy="admin-share-detail">
      <p>
        Share <code>{last.id}</code>, source study <code>{last.studyInstanceUID}</code>
        {last.reason ? `: ${last.reason}` : ''}
      </p>
      {last.peers.map((peer) => (
        <section key={peer.peer} aria-label={`Outcome at ${peer.peer}`} className="adm-card">
          <h3>
            {peer.peer} <StatusBadge status={peer.status} />
          </h3>
          <p className="adm-muted">
            Profile {peer.profile.id} v{peer.profile.version}
            {peer.profile.options.length ? ` with ${peer.profile.options.join(', ')}` : ''}
          </p>
          {peer.reason ? <p>{peer.reason}</p> : null}
          {peer.peerStudyUrl ? (
            <a href={peer.peerStudyUrl} target="_blank" rel="noopener noreferrer" data-cy="admin-open-copy">
              Open the copy on {peer.peer}
            </a>
          ) : peer.peerStudyId ? (
            <p>
              Copy on {peer.peer}: <code>{peer.peerStudyId}</code>
            </p>
          ) : null}
          {peer.reasons.length > 0 ? (
            <table className="adm-table">
              <caption>Instances not delivered</caption>
              <thead>
                <tr>
                  <th scope="col">Outcome</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Instances</th>
                </tr>
              </thead>
              <tbody>
                {groupReasons(peer.reasons).map((group) => (
                  <tr key={`${group.status}:${group.reason}`}>
                    <td>{group.status}</td>
                    <td>{group.reason}</td>
                    <td>
                      {group.sopInstanceUIDs.length}
                      <span className="adm-muted">
                        {' '}
                        ({group.sopInstanceUIDs.slice(0, 3).map(shortUid).join(', ')}
                        {group.sopInstanceUIDs.length > 3 ? ', …' : ''})
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ))}
      {last.status === 'failed' || last.status === 'partial' ? (
        <button type="button" className="adm-primary" onClick={startRetry} disabled={retry.busy} data-cy="admin-retry-share">
          {retry.busy ? 'Starting…' : 'Retry the peers that did not end done'}
        </button>
      ) : null}
      {retry.result ? (
        <p role="status" data-cy="admin-retry-started">
          {retry.result}
        </p>
      ) : null}
      {retry.error ? <ErrorBanner error={retry.error} testId="admin-retry-error" /> : null}
    </div>
  );
}
