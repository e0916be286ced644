import { useAsync } from './useAsync.js';

/** Who the viewer host's session says the user is; null when there is no session (e.g. a bearer token only). */
async function sessionRoles(signal: AbortSignal): Promise<readonly string[]> {
  const response = await fetch('/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' }, signal });
  if (!response.ok) return [];
  const body = (await response.json()) as { roles?: unknown };
  return Array.isArray(body.roles) ? body.roles.filter((role): role is string => typeof role === 'string') : [];
}

/** A link to the admin console (/admin, served by the viewer host), shown only to users who hold the admin role. */
export function AdminLink() {
  const roles = useAsync(sessionRoles, []);
  if (roles.state?.status !== 'ready' || !roles.state.value.includes('admin')) return null;
  return (
    <a href="/admin" target="_blank" rel="noopener" className="ds-admin-link" data-cy="deid-share-admin-link">
      Administration console
    </a>
  );
}
