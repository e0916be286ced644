import { useState } from 'react';
import { useAsync } from '../panel/useAsync.js';
import { api } from './api.js';
import { auditCsv } from './auditCsv.js';
import { when } from './actions.js';
import { ErrorBanner } from './ErrorBanner.js';
import type { AuditEvent, AuditFilter } from './types.js';

const PAGE_SIZE = 50;
/** The export reads the log in pages of this size, up to EXPORT_MAX events. */
const EXPORT_PAGE = 1000;
const EXPORT_MAX = 100_000;
const ACTIONS = ['share.requested', 'share.auto', 'share.finished', 'preview', 'peer.profile.previewed', 'peer.profile.changed', 'erasure'];

/** The audit log, oldest first: filter, page through, export what the filter selects as CSV. */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({});
  /** The `after` of each page shown so far: the last one is the current page. */
  const [pages, setPages] = useState<number[]>([0]);
  const after = pages[pages.length - 1] ?? 0;
  const events = useAsync((signal) => api.audit({ ...filter, after, limit: PAGE_SIZE }, signal), [JSON.stringify(filter), after]);
  const [exporting, setExporting] = useState<{ busy: boolean; error?: unknown }>({ busy: false });

  const set = (key: keyof AuditFilter) => (event: { target: { value: string } }) => {
    const next = { ...filter, [key]: event.target.value };
    if (event.target.value === '') delete next[key];
    setFilter(next);
    setPages([0]);
  };

  const exportCsv = async () => {
    setExporting({ busy: true });
    try {
      const all: AuditEvent[] = [];
      let from = 0;
      for (;;) {
        const page = await api.audit({ ...filter, after: from, limit: EXPORT_PAGE });
        all.push(...page);
        if (page.length < EXPORT_PAGE || all.length >= EXPORT_MAX) break;
        from = page[page.length - 1]?.seq ?? from;
      }
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([auditCsv(all)], { type: 'text/csv;charset=utf-8' }));
      link.download = `deid-share-audit-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      setExporting({ busy: false });
    } catch (error) {
      setExporting({ busy: false, error });
    }
  };

  const list = events.state?.status === 'ready' ? events.state.value : [];
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form className="adm-filters" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <div className="adm-filter">
          <label htmlFor="audit-filter-action">Action</label>
          <select id="audit-filter-action" value={filter.action ?? ''} onChange={set('action')} data-cy="admin-audit-action">
            <option value="">any</option>
            {ACTIONS.map((action) => (
              <option key={action}>{action}</option>
            ))}
          </select>
        </div>
        <div className="adm-filter">
          <label htmlFor="audit-filter-who">Who</label>
          <input id="audit-filter-who" value={filter.actor ?? ''} onChange={set('actor')} />
        </div>
        <div className="adm-filter">
          <label htmlFor="audit-filter-peer">Peer</label>
          <input id="audit-filter-peer" value={filter.peer ?? ''} onChange={set('peer')} />
        </div>
        <div className="adm-filter">
          <label htmlFor="audit-filter-share-job">Share job</label>
          <input id="audit-filter-share-job" value={filter.jobId ?? ''} onChange={set('jobId')} />
        </div>
        <div className="adm-filter">
          <label htmlFor="audit-filter-from">From</label>
          <input id="audit-filter-from" type="date" value={filter.since ?? ''} onChange={set('since')} />
        </div>
        <div className="adm-filter">
          <label htmlFor="audit-filter-to">To</label>
          <input id="audit-filter-to" type="date" value={filter.until ?? ''} onChange={set('until')} />
        </div>
        <button type="button" onClick={exportCsv} disabled={exporting.busy} data-cy="admin-audit-export">
          {exporting.busy ? 'Exporting…' : 'Export as CSV'}
        </button>
      </form>
      {exporting.error ? <ErrorBanner error={exporting.error} testId="admin-audit-export-error" /> : null}
      {events.state?.status === 'error' ? <ErrorBanner error={events.state.error} onRetry={events.retry} testId="admin-audit-error" /> : null}
      {events.state?.status === 'loading' ? <p role="status">Loading…</p> : null}
      <table className="adm-table" data-cy="admin-audit">
        <caption className="adm-visually-hidden">Audit events, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Peer</th>
            <th scope="col">Profile</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {list.map((event) => (
            <tr key={event.seq} data-cy="admin-audit-row" data-action={event.action}>
              <td>{event.seq}</td>
              <td>{when(event.at)}</td>
              <td>
                {event.actor} <span className="adm-muted">({event.role})</span>
              </td>
              <td>{event.action}</td>
              <td>{event.peer ?? ''}</td>
              <td>{event.profileId ?? ''}</td>
              <td className="adm-json">
                {event.jobId ? <div>job {event.jobId}</div> : null}
                {event.details ? <code>{JSON.stringify(event.details)}</code> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="adm-row" aria-label="Audit pages">
        <button type="button" disabled={pages.length <= 1} onClick={() => setPages(pages.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {pages.length}</span>
        <button
          type="button"
          disabled={list.length < PAGE_SIZE}
          onClick={() => setPages([...pages, list[list.length - 1]?.seq ?? after])}
          data-cy="admin-audit-next"
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
