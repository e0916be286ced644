import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadAuthConfig, loadConfig, parseConfig } from '../src/index.js';

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const minimal = () => ({
  source: { url: 'http://127.0.0.1:8042' },
  projectSecretFile: 'project.key',
  peers: [{ name: 'central', url: 'http://127.0.0.1:8043/', profile: 'eucanimage' }],
  auth: { tokens: [{ name: 'ana', sha256: 'A'.repeat(64), roles: ['radiologist'] }] },
});

const problem = (data: unknown, env: NodeJS.ProcessEnv = {}) => {
  try {
    parseConfig(data, 'site.json', env);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('config', () => {
  it('fills defaults: loopback, port 8750, limits, per-peer UID namespace and study links', () => {
    const config = parseConfig(minimal(), '/etc/deid-share/site.json', {});
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8750 });
    expect(config.limits).toMatchObject({ concurrentJobs: 2, concurrentInstances: 4, maxQueuedJobs: 1000, attempts: 5 });
    expect(config.metricsRequireAuth).toBe(true);
    const [peer] = config.peers;
    expect(peer).toMatchObject({
      name: 'central',
      uidNamespace: 'peer:central',
      projectSecretFile: '/etc/deid-share/project.key',
      studyUrlTemplate: 'http://127.0.0.1:8043/app/explorer.html#study?uuid={peerStudyId}',
    });
    expect(peer?.orthanc.url).toBe('http://127.0.0.1:8043');
    expect(peer?.profile.loaded.profile.id).toBe('eucanimage');
    expect(config.auth.tokens[0]?.sha256).toBe('a'.repeat(64));
  });

  it.each([
    [{ ...minimal(), source: undefined }, /^config site\.json: source: is required/],
    [{ ...minimal(), peers: [{ name: 'central', url: 'ftp://x', profile: 'eucanimage' }] }, /^config site\.json: peers\[0\]\.url: must match pattern/],
    [{ ...minimal(), peers: [{ name: 'c', url: 'http://x', profile: 'eucanimage', credentials: { username: 'u', password: 'hunter2' } }] }, /peers\[0\]\.credentials\.password: secrets are never written in the config file/],
    [{ ...minimal(), peers: [{ name: 'c', url: 'http://x', profile: 'eucanimage', credentials: { username: 'u' } }] }, /peers\[0\]\.credentials: give exactly one of passwordFile or passwordEnv/],
    [{ ...minimal(), peers: [{ name: 'c', url: 'http://x', profile: 'eucanimage', credentials: { username: 'u', passwordEnv: 'PEER_PW' } }] }, /peers\[0\]\.credentials\.passwordEnv: environment variable PEER_PW is not set/],
    [{ ...minimal(), peers: [{ name: 'c', url: 'http://x', profile: 'no-such-profile' }] }, /peers\[0\]\.profile: profile .*no-such-profile/],
    [{ ...minimal(), peers: [{ name: 'c', url: 'http://x', profile: 'eucanimage', options: ['keep-all'] }] }, /peers\[0\]\.options\[0\]: "keep-all" is not a PS3\.15 option/],
    [{ ...minimal(), peers: [...minimal().peers, ...minimal().peers] }, /peers\[1\]\.name: "central" is used by another peer/],
    [{ ...minimal(), routing: [{ name: 'r', match: { modality: ['CT'] }, peers: ['elsewhere'] }] }, /routing\[0\]\.peers\[0\]: no peer is named "elsewhere"/],
    [{ ...minimal(), routing: [{ name: 'r', match: { studyDescription: '(' }, peers: ['central'] }] }, /routing\[0\]\.match\.studyDescription: is not a regular expression/],
    [{ ...minimal(), auth: { tokens: [{ name: 'a', secret: 'x', roles: ['admin'] }] } }, /auth\.tokens\[0\]\.secret: secrets are never written/],
    [{ ...minimal(), auth: { tokens: [{ name: 'a', sha256: 'a'.repeat(64), roles: ['root'] }] } }, /auth\.tokens\[0\]\.roles\[0\]/],
    [{ ...minimal(), auth: {} }, /auth: has no tokens and no oidc/],
    [{ ...minimal(), auth: { oidc: { issuer: 'i', audience: 'a', jwksUrl: 'http://idp.example.org/jwks', rolesClaim: 'roles', roleMap: {} } } }, /auth\.oidc\.jwksUrl: must use https/],
    [{ ...minimal(), projectSecretFile: undefined }, /peers\[0\]\.projectSecretFile: is required when there is no top-level projectSecretFile/],
    [{ ...minimal(), peers: [{ name: 'c', url: 'http://x', profile: 'procancer-i' }] }, /no error/],
    [{ ...minimal(), listen: { port: 70000 } }, /listen\.port: must be <= 65535/],
    [{ ...minimal(), extra: true }, /^config site\.json: extra: unknown field/],
  ])('reports problems naming the file and the field (%#)', (data, expected) => {
    expect(problem(data)).toMatch(expected);
  });

  it.each(['constructor', 'toString', '__proto__'])('takes a peer profile named %s as a file name, never as a property of Object', (name) => {
    const message = problem({ ...minimal(), peers: [{ name: 'central', url: 'http://127.0.0.1:8043/', profile: name }] });
    expect(message).toContain(`site.json: peers[0].profile: profile ${resolve(name)}`);
    expect(message).not.toMatch(/native code|\[object Object\]/);
  });

  it('names the file when it cannot be read or is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deid-config-'));
    try {
      expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/^config .*missing\.json: cannot be read/);
      writeFileSync(join(dir, 'broken.json'), '{ "source": ');
      expect(() => loadConfig(join(dir, 'broken.json'))).toThrow(/^config .*broken\.json: is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts docs/config.example.json, reading passwords from files and the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deid-config-'));
    try {
      // The example's absolute paths, moved under the temp folder.
      const text = readFileSync(join(REPO, 'docs/config.example.json'), 'utf8').replaceAll('"/etc/deid-share/', `"${dir}/etc/`).replaceAll('"/var/lib/deid-share/', `"${dir}/var/`);
      writeFileSync(join(dir, 'sidecar.json'), text);
      const example = JSON.parse(text);
      const files: string[] = [example.source, ...example.peers].map((entry: any) => entry.credentials?.passwordFile).filter(Boolean);
      for (const file of files) {
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, 'secret-password\n');
      }
      const env = Object.fromEntries(
        [example.source, ...example.peers].map((entry: any) => entry.credentials?.passwordEnv).filter(Boolean).map((name: string) => [name, 'from-env']),
      );
      const config = loadConfig(join(dir, 'sidecar.json'), { env });
      expect(config.peers.map((peer) => peer.name)).toHaveLength(2);
      expect(config.listen.host).toBe('127.0.0.1');
      for (const endpoint of [config.source, ...config.peers.map((peer) => peer.orthanc)]) {
        if (endpoint.credentials) expect(['secret-password', 'from-env']).toContain(endpoint.credentials.password);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads only the auth block for the viewer host, without the secret files the sidecar needs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deid-share-auth-'));
    try {
      const file = join(dir, 'sidecar.json');
      // The project key and the peer's password file are not there (the viewer host's machine has none of them).
      const config = { ...minimal(), source: { url: 'http://127.0.0.1:8042', credentials: { username: 'u', passwordFile: 'missing.password' } } };
      writeFileSync(file, JSON.stringify(config));
      expect(() => loadConfig(file, { env: {} })).toThrow(/missing\.password/);
      expect(loadAuthConfig(file)).toEqual({ tokens: [{ name: 'ana', sha256: 'a'.repeat(64), roles: ['radiologist'] }] });
      writeFileSync(file, JSON.stringify({ ...minimal(), auth: { tokens: [] } }));
      expect(() => loadAuthConfig(file)).toThrow(/auth.*nobody could use the sidecar/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
