import { useState, type FormEvent } from 'react';
import { OPTION_IDS } from '../../../../packages/engine/src/rules/options.js';
import { useAsync } from '../panel/useAsync.js';
import { api } from './api.js';
import { ErrorBanner } from './ErrorBanner.js';
import { ImpactView } from './ImpactView.js';
import type { AdminPeer, ProfileImpact } from './types.js';

/**
 * Changing a peer's profile, in three steps: choose the profile and options; read what would change (the
 * attributes whose action changes, and one real study under both); give a reason and save. Saving is only
 * possible after the difference was shown for exactly the choice being saved.
 */
export function ProfileChange({ peer, onDone }: { peer: AdminPeer; onDone: (saved: boolean) => void }) {
  const profiles = useAsync((signal) => api.profiles(signal), []);
  const [profile, setProfile] = useState(peer.setting.profile);
  const [options, setOptions] = useState<ReadonlySet<string>>(new Set(peer.setting.options));
  const [study, setStudy] = useState('');
  const [impact, setImpact] = useState<ProfileImpact | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'impact' | 'save' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const choice = { profile, options: OPTION_IDS.filter((id) => options.has(id)) };
  const changeChoice = (update: () => void) => {
    update();
    setImpact(null);
  };
  const toggle = (id: string) =>
    changeChoice(() => {
      const next = new Set(options);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      setOptions(next);
    });

  const showImpact = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('impact');
    setError(null);
    try {
      setImpact(await api.profileImpact(peer.name, { ...choice, ...(study.trim() ? { studyInstanceUID: study.trim() } : {}) }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('save');
    setError(null);
    try {
      await api.setProfile(peer.name, { ...choice, reason: reason.trim() });
      onDone(true);
    } catch (failure) {
      setError(failure);
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="change-title" data-cy="admin-profile-change">
      <h1 id="change-title">Change the profile of {peer.name}</h1>
      <p>
        Now: <code>{peer.setting.profile}</code>
        {peer.setting.options.length > 0 ? ` with ${peer.setting.options.join(', ')}` : ''}. A change applies to shares created afterwards.
      </p>
      <form onSubmit={showImpact} className="adm-form">
        <label htmlFor="profile-choice">Profile</label>
        {profiles.state?.status === 'ready' ? (
          <select id="profile-choice" value={profile} onChange={(event) => changeChoice(() => setProfile(event.target.value))}>
            {profiles.state.value.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        ) : profiles.state?.status === 'error' ? (
          <ErrorBanner error={profiles.state.error} onRetry={profiles.retry} testId="admin-profiles-error" />
        ) : (
          <span role="status">Loading profiles…</span>
        )}
        <fieldset>
          <legend>PS3.15 options added to the profile's own</legend>
          <div className="adm-options">
            {OPTION_IDS.map((id) => (
              <label key={id} className="adm-check">
                <input type="checkbox" checked={options.has(id)} onChange={() => toggle(id)} /> {id}
              </label>
            ))}
          </div>
        </fieldset>
        <label htmlFor="impact-study">Study to preview (StudyInstanceUID; empty: the last study shared to {peer.name})</label>
        <input id="impact-study" value={study} onChange={(event) => changeChoice(() => setStudy(event.target.value))} spellCheck={false} />
        <div className="adm-row">
          <button type="submit" className="adm-primary" disabled={busy !== null} data-cy="admin-show-impact">
            {busy === 'impact' ? 'Comparing…' : 'Show what would change'}
          </button>
          <button type="button" onClick={() => onDone(false)}>
            Cancel
          </button>
        </div>
      </form>
      {error ? <ErrorBanner error={error} testId="admin-profile-error" /> : null}
      {impact ? (
        <>
          <ImpactView impact={impact} />
          <form onSubmit={save} className="adm-form" data-cy="admin-save-form">
            <label htmlFor="change-reason">Reason for this change (kept in the audit log)</label>
            <textarea id="change-reason" required maxLength={500} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
            <button type="submit" className="adm-danger" disabled={busy !== null || reason.trim() === ''} data-cy="admin-save-profile">
              {busy === 'save' ? 'Saving…' : `Save: ${peer.name} receives ${choice.profile}`}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
