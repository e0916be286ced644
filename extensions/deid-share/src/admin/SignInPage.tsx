import { useState, type FormEvent } from 'react';
import { useAsync } from '../panel/useAsync.js';
import { auth } from './api.js';
import { ErrorBanner } from './ErrorBanner.js';
import type { SignedIn } from './types.js';

/**
 * Sign-in with a sidecar token (traded at once for an HttpOnly session cookie; the field is cleared) or, when the
 * host has an OIDC issuer, with the issuer's login page (authorization code + PKCE, run by the host).
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: SignedIn) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const oidc = useAsync((signal) => auth.oidc(signal), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await auth.signInWithToken(token.trim());
      setToken('');
      onSignedIn(session);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const issuer = oidc.state?.status === 'ready' && oidc.state.value.configured ? oidc.state.value.issuer : undefined;
  return (
    <main className="adm-signin" aria-labelledby="signin-title">
      <h1 id="signin-title">deid-share administration</h1>
      <p>Sign in to manage peers, follow shares, erase patients and read the audit log.</p>
      {issuer ? (
        <section aria-label="Single sign-on">
          <a className="adm-button adm-primary" href="/auth/oidc/start?next=%2Fadmin" data-cy="admin-oidc-sign-in">
            Sign in with your organisation ({new URL(issuer).host})
          </a>
          <p className="adm-muted">or with a sidecar token:</p>
        </section>
      ) : null}
      <form onSubmit={submit} data-cy="admin-token-form">
        <label htmlFor="admin-token">Sidecar token</label>
        <input
          id="admin-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-describedby="admin-token-help"
        />
        <p id="admin-token-help" className="adm-muted">
          The token is exchanged for a session cookie this page cannot read; it is not stored in the browser.
        </p>
        <button type="submit" className="adm-primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error ? <ErrorBanner error={error} testId="admin-signin-error" /> : null}
    </main>
  );
}
