import type { Preview, PreviewAction } from '../api/types.js';

const ORDER: PreviewAction[] = ['removed', 'emptied', 'replaced', 'remapped', 'shifted', 'cleaned', 'added', 'kept'];

const HELD_BACK = { withheld: 'would be withheld', refused: 'would be refused' } as const;

/**
 * What leaves the hospital for one instance: each attribute's original and de-identified value; or, for an
 * instance sharing would hold back, that it would and why.
 */
export function PreviewTable({ preview }: { preview: Preview }) {
  const heading = (
    <>
      Profile <strong>{preview.profileId}</strong> <span className="ds-muted">v{preview.profileVersion}</span> on instance{' '}
      <span className="ds-uid">{preview.sopInstanceUID}</span>
    </>
  );
  if (preview.status !== 'ok') {
    return (
      <div data-cy="deid-share-preview" data-status={preview.status}>
        <div className="ds-muted" style={{ marginBottom: 6 }}>
          {heading}
        </div>
        <div className="ds-held-back" data-cy="deid-share-preview-held-back">
          <strong>This instance {HELD_BACK[preview.status]}</strong>
          {preview.reason ? <div>{preview.reason}</div> : null}
        </div>
      </div>
    );
  }
  // What was taken out comes first; within an action, the sidecar's order (by tag). Unknown actions go last.
  const rank = (action: PreviewAction) => (ORDER.includes(action) ? ORDER.indexOf(action) : ORDER.length);
  const rows = [...preview.rows].sort((a, b) => rank(a.action) - rank(b.action));
  const counts = ORDER.map((action) => [action, preview.rows.filter((row) => row.action === action).length] as const).filter(
    ([, count]) => count > 0,
  );
  return (
    <div data-cy="deid-share-preview" data-status={preview.status}>
      <div className="ds-muted" style={{ marginBottom: 6 }}>
        {heading}
        <div data-cy="deid-share-preview-summary">{counts.map(([action, count]) => `${count} ${action}`).join(' · ')}</div>
      </div>
      <div className="ds-scroll">
        <table>
          <colgroup>
            <col style={{ width: '36%' }} />
            <col style={{ width: '44%' }} />
            <col style={{ width: '20%' }} />
          </colgroup>
          <thead>
            <tr>
              <th>Attribute</th>
              <th>Original → shared</th>
              <th>Action</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.path} className={`is-${row.action}`} data-cy={`deid-share-preview-row-${row.action}`}>
                <td className="ds-tag">
                  <div className="ds-keyword">{row.keyword || row.tag}</div>
                  <div>{row.tag}</div>
                </td>
                <td>
                  <div className="ds-original">
                    <Value value={row.original} />
                  </div>
                  <div className="ds-result">
                    → {row.action === 'removed' ? <span className="ds-null">removed</span> : <Value value={row.result} />}
                  </div>
                </td>
                <td>
                  <span className={`ds-action ds-action-${row.action}`} title={row.rule}>
                    {row.action}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Value({ value }: { value: string | null }) {
  if (value === null) return <span className="ds-null">absent</span>;
  if (value === '') return <span className="ds-null">empty</span>;
  return <>{value}</>;
}
