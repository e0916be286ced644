import type { Preview, PreviewAction } from '../api/types.js';

const ORDER: PreviewAction[] = ['removed', 'emptied', 'replaced', 'remapped', 'shifted', 'cleaned', 'kept'];

/** What leaves the hospital for one instance: each attribute's original and de-identified value. */
export function PreviewTable({ preview }: { preview: Preview }) {
  const counts = ORDER.map((action) => [action, preview.rows.filter((row) => row.action === action).length] as const).filter(
    ([, count]) => count > 0,
  );
  return (
    <div data-cy="deid-share-preview">
      <div className="ds-muted" style={{ marginBottom: 6 }}>
        Profile <strong>{preview.profileId}</strong> on instance <span className="ds-uid">{preview.sopInstanceUID}</span>
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
            {preview.rows.map((row) => (
              <tr key={row.tag} className={`is-${row.action}`} data-cy={`deid-share-preview-row-${row.action}`}>
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
                  <span className={`ds-action ds-action-${row.action}`}>{row.action}</span>
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
