import { actionName } from './actions.js';
import type { OutgoingValue, ProfileImpact } from './types.js';

const outgoing = (value: OutgoingValue) => (value.value === null ? <span className="adm-muted">(not sent)</span> : <code>{value.value}</code>);

/** What the change would do: the AI4HI comparison of the two profiles, then one real instance under both. */
export function ImpactView({ impact }: { impact: ProfileImpact }) {
  const { current, proposed, attributes, preview } = impact;
  const total = attributes.changed.length;
  return (
    <section aria-labelledby="impact-title" className="adm-impact" data-cy="admin-impact">
      <h2 id="impact-title">
        What changes: {current.profileId} v{current.profileVersion} → {proposed.profileId} v{proposed.profileVersion}
      </h2>
      {current.scheme !== proposed.scheme ? (
        <p className="adm-warn-box" role="note">
          The pseudonym scheme changes from {current.scheme} to {proposed.scheme}: the next share of a patient already at {impact.peer} becomes a second
          patient there.
        </p>
      ) : null}
      <p data-cy="admin-impact-summary">
        {total === 0 ? 'No attribute changes action.' : `${total} attribute${total === 1 ? '' : 's'} change action`} (attributes modified:{' '}
        {attributes.modified.current} now, {attributes.modified.proposed} after).
      </p>
      {total > 0 ? (
        <table className="adm-table" data-cy="admin-impact-groups">
          <caption>Attributes whose action changes, grouped</caption>
          <thead>
            <tr>
              <th scope="col">Now</th>
              <th scope="col">After</th>
              <th scope="col">Attributes</th>
            </tr>
          </thead>
          <tbody>
            {attributes.groups.map((group) => (
              <tr key={`${group.from}-${group.to}`}>
                <td>{actionName(group.from)}</td>
                <td>{actionName(group.to)}</td>
                <td>{group.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {total > 0 ? (
        <details>
          <summary>Every attribute that changes ({total})</summary>
          <table className="adm-table">
            <thead>
              <tr>
                <th scope="col">Tag</th>
                <th scope="col">Attribute</th>
                <th scope="col">Now</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {attributes.changed.map((attribute) => (
                <tr key={attribute.tag}>
                  <td>
                    <code>{attribute.tag}</code>
                  </td>
                  <td>{attribute.name}</td>
                  <td>{actionName(attribute.from)}</td>
                  <td>{actionName(attribute.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      <h3>One real study under both</h3>
      {preview ? (
        <div data-cy="admin-impact-preview">
          <p className="adm-muted">
            Study <code>{preview.studyInstanceUID}</code>, its first instance. Only what would leave differently is listed, as the peer would
            receive it under each profile.
          </p>
          {preview.current.status !== preview.proposed.status ? (
            <p className="adm-warn-box" role="note">
              This instance would be {preview.current.status === 'ok' ? 'sent' : preview.current.status} now, and{' '}
              {preview.proposed.status === 'ok' ? 'sent' : preview.proposed.status} after{preview.proposed.reason ? `: ${preview.proposed.reason}` : ''}.
            </p>
          ) : null}
          {preview.rows.length === 0 ? (
            <p>This instance would leave the same under both.</p>
          ) : (
            <table className="adm-table">
              <caption>{preview.rows.length} elements would leave differently</caption>
              <thead>
                <tr>
                  <th scope="col">Element</th>
                  <th scope="col">Now</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.path}>
                    <td>
                      <code>{row.path}</code> {row.keyword}
                    </td>
                    <td>
                      <span className="adm-action">{row.current.action}</span> {outgoing(row.current)}
                    </td>
                    <td>
                      <span className="adm-action">{row.proposed.action}</span> {outgoing(row.proposed)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : (
        <p className="adm-muted">{impact.previewUnavailable}</p>
      )}
    </section>
  );
}
