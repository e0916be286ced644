import { useEffect, useState } from 'react';
import { SidecarError } from '../api/errors.js';
import { auth } from './api.js';
import { AuditPage } from './AuditPage.js';
import { ErasurePage } from './ErasurePage.js';
import { ErrorBanner } from './ErrorBanner.js';
import { PeersPage } from './PeersPage.js';
import { SharesPage } from './SharesPage.js';
import { SignInPage } from './SignInPage.js';
import type { SignedIn } from './types.js';
import { PAGES, useHashRoute } from './useHashRoute.js';

type SessionState = { status: 'checking' } | { status: 'signed-out' } | { status: 'signed-in'; session: SignedIn } | { status: 'error'; error: unknown };

/** The console: who is signed in, the four pages, and sign-out. Only an admin session gets past the door. */
export function App() {
  const page = useHashRoute();
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    auth.current(controller.signal).then(
      (session) => setState({ status: 'signed-in', session }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState(error instanceof SidecarError && error.status === 401 ? { status: 'signed-out' } : { status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const signOut = async () => {
    await auth.signOut().catch(() => undefined);
    setState({ status: 'signed-out' });
  };

  if (state.status === 'checking') return <p className="adm-muted" role="status">Checking your session…</p>;
  if (state.status === 'error') return <ErrorBanner error={state.error} onRetry={() => setAttempt((n) => n + 1)} testId="admin-session-error" />;
  if (state.status === 'signed-out') return <SignInPage onSignedIn={(session) => setState({ status: 'signed-in', session })} />;

  const { session } = state;
  const isAdmin = session.roles.includes('admin');
  return (
    <div className="adm-shell">
      <header className="adm-header">
        <span className="adm-brand">deid-share administration</span>
        {isAdmin ? (
          <nav aria-label="Pages">
            {PAGES.map((entry) => (
              <a key={entry.id} href={`#/${entry.id}`} aria-current={entry.id === page ? 'page' : undefined} data-cy={`admin-nav-${entry.id}`}>
                {entry.title}
              </a>
            ))}
          </nav>
        ) : null}
        <span className="adm-user" data-cy="admin-user">
          {session.user} <span className="adm-muted">({session.roles.join(', ')})</span>
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="adm-main" id="main">
        {!isAdmin ? (
          <div className="adm-error" role="alert" data-cy="admin-not-admin">
            <strong>Not allowed</strong>
            <p>
              {session.user} is signed in with the {session.roles.join(', ')} role. The administration console needs the admin role: sign out and sign
              in with an admin token or account.
            </p>
          </div>
        ) : page === 'peers' ? (
          <PeersPage />
        ) : page === 'shares' ? (
          <SharesPage />
        ) : page === 'erasure' ? (
          <ErasurePage />
        ) : (
          <AuditPage />
        )}
      </main>
    </div>
  );
}
