import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { JwksVerifier, type OidcConfig } from '../src/index.js';

const CONFIG: OidcConfig = {
  issuer: 'https://idp.example.org/realms/hospital',
  audience: 'deid-share',
  jwksUrl: 'https://idp.example.org/realms/hospital/protocol/openid-connect/certs',
  rolesClaim: 'realm_access.roles',
  roleMap: { 'deid-radiologist': 'radiologist', 'deid-admin': 'admin' },
  subjectClaim: 'preferred_username',
  clockToleranceSeconds: 30,
  jwksCacheSeconds: 600,
};

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

function token(key: KeyObject, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const data = `${b64(header)}.${b64(claims)}`;
  const signature = header.alg === 'ES256' ? sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }) : sign('sha256', Buffer.from(data), key);
  return `${data}.${signature.toString('base64url')}`;
}

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: CONFIG.issuer,
  aud: ['account', 'deid-share'],
  exp: now() + 300,
  iat: now(),
  preferred_username: 'dr.ana',
  realm_access: { roles: ['deid-radiologist', 'offline_access'] },
  ...extra,
});

function jwks(...keys: Array<[string, KeyObject]>) {
  return { keys: keys.map(([kid, key]) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig' })) };
}

function fetcher(sets: unknown[]) {
  const calls: string[] = [];
  const fn = async (url: string) => {
    calls.push(url);
    const next = sets.length > 1 ? sets.shift() : sets[0];
    if (next instanceof Error) throw next;
    return { ok: true, status: 200, json: async () => next };
  };
  return { fn, calls };
}

describe('OIDC JWT validation against a JWKS', () => {
  it('accepts RS256 and ES256 tokens and maps the roles claim to sidecar roles', async () => {
    const { fn, calls } = fetcher([jwks(['r1', rsa.publicKey], ['e1', ec.publicKey])]);
    const verifier = new JwksVerifier(CONFIG, fn);
    const rs = await verifier.verify(token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, claims()));
    expect(rs).toEqual({ id: 'dr.ana', roles: new Set(['radiologist']), via: 'oidc' });
    const es = await verifier.verify(token(ec.privateKey, { alg: 'ES256', kid: 'e1' }, claims({ realm_access: { roles: ['deid-admin', 'deid-radiologist'] } })));
    expect(es.roles).toEqual(new Set(['admin', 'radiologist']));
    expect(calls).toEqual([CONFIG.jwksUrl]);
  });

  it('maps only the configured role names: constructor, toString and __proto__ grant nothing', async () => {
    const verifier = new JwksVerifier(CONFIG, fetcher([jwks(['r1', rsa.publicKey])]).fn);
    const roles = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'deid-radiologist'];
    const principal = await verifier.verify(token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, claims({ realm_access: { roles } })));
    expect(principal.roles).toEqual(new Set(['radiologist']));
  });

  it.each([
    ['an expired token', () => token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, claims({ exp: now() - 120 })), /expired/],
    ['a token not valid yet', () => token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, claims({ nbf: now() + 600 })), /not valid yet/],
    ['another audience', () => token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, claims({ aud: 'other-app' })), /another audience/],
    ['another issuer', () => token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, claims({ iss: 'https://evil.example.org' })), /another issuer/],
    ['no expiry', () => token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, claims({ exp: undefined })), /no expiry/],
    ['a forged signature', () => token(other.privateKey, { alg: 'RS256', kid: 'r1' }, claims()), /signature does not verify/],
    ['alg none', () => `${b64({ alg: 'none' })}.${b64(claims())}.`, /algorithm none is not accepted/],
    ['HS256 (key confusion)', () => `${b64({ alg: 'HS256', kid: 'r1' })}.${b64(claims())}.c2ln`, /algorithm HS256 is not accepted/],
    ['an RS256 header on an EC key', () => token(ec.privateKey, { alg: 'RS256', kid: 'e1' }, claims()), /has type EC, not RSA/],
    ['garbage', () => 'abc.def', /not a JWT/],
    ['no subject', () => token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, claims({ preferred_username: undefined })), /no preferred_username claim/],
  ])('refuses %s', async (_what, make, expected) => {
    const verifier = new JwksVerifier(CONFIG, fetcher([jwks(['r1', rsa.publicKey], ['e1', ec.publicKey])]).fn);
    await expect(verifier.verify(make())).rejects.toHaveProperty('message', expect.stringMatching(expected));
  });

  it('fetches the key set again for an unknown kid (rotation), and keeps known keys when the issuer is down', async () => {
    let clock = Date.now();
    const { fn, calls } = fetcher([jwks(['r1', rsa.publicKey]), jwks(['r1', rsa.publicKey], ['r2', other.publicKey]), new Error('connection refused')]);
    const verifier = new JwksVerifier(CONFIG, fn, () => clock);
    const long = claims({ exp: now() + 7200 });
    await verifier.verify(token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, long));
    clock += 31_000;
    expect((await verifier.verify(token(other.privateKey, { alg: 'RS256', kid: 'r2' }, long))).id).toBe('dr.ana');
    expect(calls).toHaveLength(2);
    clock += 700_000;
    expect((await verifier.verify(token(rsa.privateKey, { alg: 'RS256', kid: 'r1' }, long))).id).toBe('dr.ana');
    expect(calls).toHaveLength(3);
    await expect(verifier.verify(token(rsa.privateKey, { alg: 'RS256', kid: 'r9' }, long))).rejects.toHaveProperty('message', expect.stringMatching(/no signing key r9/));
  });
});
