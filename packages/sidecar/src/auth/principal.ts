import type { Role } from '../config/types.js';

/** Who is calling: a token's name or an OIDC subject, with the roles granted. */
export interface Principal {
  readonly id: string;
  readonly roles: ReadonlySet<Role>;
  readonly via: 'token' | 'oidc';
}

/** The role an action is allowed under, for the audit log (the first of `allowed` the principal holds). */
export function roleFor(principal: Principal, allowed: readonly Role[]): Role {
  return allowed.find((role) => principal.roles.has(role)) ?? [...principal.roles][0] ?? 'radiologist';
}
