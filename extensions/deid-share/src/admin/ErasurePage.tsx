import { useState, type FormEvent } from 'react';
import { SidecarError } from '../api/errors.js';
import { useAsync } from '../panel/useAsync.js';
import { api } from './api.js';
import { when } from './actions.js';
import { ErrorBanner } from './ErrorBanner.js';
import { StatusBadge } from './StatusBadge.js';
import type { Erasure } from './types.js';

/**
 * GDPR Art. 17: erase a patient's copies on every peer. The original Patient ID is typed once, sent once and
 * cleared: it is not kept by the page and the sidecar's answer does not contain it. The evidence of each erasure
 * (per peer: what was deleted, how it was found, what failed) can be read again from the list.
 */
export function ErasurePage() {
  const [patientId, setPatientId] = useState('');
  const [issuer, setIssuer] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const history = useAsync((signal) => api.audit({ action: 'erasure', limit: 1000 }, signal), [version]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const report = await api.erase(patientId.trim(), issuer.trim());
      setShownId(report.id);
    } catch (failure) {
      setError(failure);
      // An impossible erasure is recorded too: its id is in the message; the list below shows it.
    } finally {
      setPatientId('');
      setIssuer('');
      setConfirmed(false);
      setBusy(false);
      setVersion((n) => n + 1);
    }
  };

  const erasures =
    history.state?.status === 'ready'
      ? history.state.value
          .map((event) => ({ at: event.at, actor: event.actor, id: String(event.details?.erasureId ?? ''), status: String(event.details?.status ?? '') }))
          .filter((entry) => entry.id !== '')
          .reverse()
      : [];

  return (
    <section aria-labelledby="erasure-title">
      <h1 id="erasure-title">Erasure</h1>
      <form onSubmit={submit} className="adm-form" data-cy="admin-erasure-form">
        <p>
          Deletes every copy of one patient's studies on every peer, found through the share ledger and the patient's pseudonym at each peer. The
          Patient ID is not shown again after you send it.
        </p>
        <label htmlFor="erase-patient">Original Patient ID (as in the hospital's Orthanc)</label>
        <input id="erase-patient" autoComplete="off" spellCheck={false} required maxLength={64} value={patientId} onChange={(event) => setPatientId(event.target.value)} />
        <label htmlFor="erase-issuer">Issuer of Patient ID (empty when the hospital does not use it)</label>
        <input id="erase-issuer" autoComplete="off" spellCheck={false} maxLength={64} value={issuer} onChange={(event) => setIssuer(event.target.value)} />
        <label className="adm-check">
          <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} /> I confirm: delete this patient's copies on
          every peer. This cannot be undone.
        </label>
        <button type="submit" className="adm-danger" disabled={busy || !confirmed || patientId.trim() === ''} data-cy="admin-erase">
          {busy ? 'Erasing on every peer…' : 'Erase'}
        </button>
      </form>
      {error ? <ErrorBanner error={error} testId="admin-erasure-error" /> : null}
      {shownId ? <ErasureEvidence id={shownId} /> : null}
      <h2>Erasures carried out</h2>
      {history.state?.status === 'error' ? <ErrorBanner error={history.state.error} onRetry={history.retry} testId="admin-erasures-error" /> : null}
      {erasures.length === 0 ? (
        <p className="adm-muted">None yet.</p>
      ) : (
        <table className="adm-table" data-cy="admin-erasures">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="adm-visually-hidden">Evidence</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {erasures.map((entry) => (
              <tr key={entry.id}>
                <td>{when(entry.at)}</td>
                <td>{entry.actor}</td>
                <td>
                  <StatusBadge status={entry.status} />
                </td>
                <td>
                  <button type="button" onClick={() => setShownId(entry.id)} aria-pressed={shownId === entry.id}>
                    Evidence
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ErasureEvidence({ id }: { id: string }) {
  const evidence = useAsync((signal) => api.erasure(id, signal), [id]);
  if (!evidence.state || evidence.state.status === 'loading') return <p role="status">Loading the evidence…</p>;
  if (evidence.state.status === 'error') {
    const gone = evidence.state.error instanceof SidecarError && evidence.state.error.status === 404;
    return gone ? <p>No evidence recorded under {id}.</p> : <ErrorBanner error={evidence.state.error} onRetry={evidence.retry} testId="admin-evidence-error" />;
  }
  return <EvidenceView erasure={evidence.state.value} />;
}

function EvidenceView({ erasure }: { erasure: Erasure }) {
  return (
    <section aria-labelledby="evidence-title" className="adm-card" data-cy="admin-erasure-evidence">
      <h2 id="evidence-title">
        Erasure <code>{erasure.id}</code> <StatusBadge status={erasure.status} />
      </h2>
      <p>
        {when(erasure.at)}: {erasure.message}
      </p>
      <table className="adm-table">
        <caption>Per peer</caption>
        <thead>
          <tr>
            <th scope="col">Peer</th>
            <th scope="col">Outcome</th>
            <th scope="col">Copies deleted</th>
            <th scope="col">Already gone</th>
            <th scope="col">Problems</th>
          </tr>
        </thead>
        <tbody>
          {erasure.peers.map((peer) => (
            <tr key={peer.peer} data-cy="admin-erasure-peer" data-peer={peer.peer}>
              <th scope="row">{peer.peer}</th>
              <td>
                <StatusBadge status={peer.errors.length > 0 ? 'failed' : peer.searchable ? 'done' : 'unsearchable'} />
                <span className="adm-muted"> {peer.scheme}</span>
              </td>
              <td>
                {peer.deleted.length === 0
                  ? 'none'
                  : peer.deleted.map((copy) => (
                      <div key={copy.peerStudyId}>
                        <code>{copy.peerStudyId}</code> <span className="adm-muted">found by {copy.foundBy.join(' and ')}, deleted {when(copy.deletedAt)}</span>
                      </div>
                    ))}
              </td>
              <td>{peer.alreadyGone.length}</td>
              <td>{[...peer.errors, ...(peer.message ? [peer.message] : [])].join('; ') || 'none'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
