/**
 * The production compose file, checked without a Docker engine: Debian's `docker-compose config` must accept it, no
 * secret may be written in it or passed through the environment, and the secrets docker/init-secrets.sh makes,
 * mounted under the names the compose file gives them, must make docker/sidecar.json a config the sidecar loads.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@deid-share/sidecar';
import { composeMissing, describeWhenPresent } from './support/required-parts.js';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const run = describeWhenPresent(composeMissing());

interface ServiceSecret {
  source: string;
  target?: string;
}
interface Service {
  environment?: Record<string, string | null>;
  secrets?: ServiceSecret[];
  command?: unknown;
  entrypoint?: unknown;
}
interface Compose {
  services: Record<string, Service>;
  secrets: Record<string, Record<string, string>>;
}

/** `docker-compose config` of compose files (later ones override), as JSON (PyYAML comes with Debian's docker-compose). */
function composeConfig(files: string | readonly string[]): Compose {
  const yaml = execFileSync('docker-compose', [...[files].flat().flatMap((file) => ['-f', file]), 'config'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(execFileSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: yaml, encoding: 'utf8' }));
}

const mountPath = (secret: ServiceSecret) => `/run/secrets/${secret.target ?? secret.source}`;
const SECRET_NAME = /PASSWORD|TOKEN|SECRET|KEY|USERS|CREDENTIAL/i;

run('docker/compose.yaml', () => {
  let compose: Compose;
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'deid-share-compose-'));
    cpSync(join(REPO, 'docker'), join(work, 'docker'), { recursive: true, filter: (path) => !/[/\\](secrets|sidecar\.json)$/.test(path) });
    cpSync(join(REPO, 'orthanc-scripts'), join(work, 'orthanc-scripts'), { recursive: true });
    compose = composeConfig(join(work, 'docker', 'compose.yaml'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('docker-compose config accepts it, with the source Orthanc, two peers, the sidecar and the viewer', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['central', 'federated-node', 'orthanc-source', 'sidecar', 'viewer']);
    expect(compose.services['orthanc-source']?.environment).toMatchObject({ DICOM_WEB_PLUGIN_ENABLED: 'true', ORTHANC__LUA_SCRIPTS: '["/etc/deid-share/auto-share.lua"]' });
  });

  test('every secret is a file under docker/secrets/, and none is written inline or passed in the environment', () => {
    for (const [name, secret] of Object.entries(compose.secrets)) {
      expect({ name, keys: Object.keys(secret) }).toEqual({ name, keys: ['file'] });
      expect(secret.file?.startsWith(join(work, 'docker', 'secrets') + '/')).toBe(true);
    }
    for (const [name, service] of Object.entries(compose.services)) {
      const mounted = (service.secrets ?? []).map(mountPath);
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (!SECRET_NAME.test(variable)) continue;
        // Either a path of a secret this service mounts, or (orthancteam images) the name of one under /run/secrets.
        const allowed = mounted.includes(String(value)) || (variable.endsWith('_SECRET') && mounted.includes(`/run/secrets/${value}`));
        expect({ service: name, variable, allowed }).toEqual({ service: name, variable, allowed: true });
      }
      expect(JSON.stringify([service.command ?? '', service.entrypoint ?? ''])).not.toMatch(/password|token|secret/i);
    }
  });

  test('init-secrets.sh makes private secret files and a sidecar.json the sidecar loads, with the secrets as mounted', () => {
    execFileSync('bash', [join(work, 'docker', 'init-secrets.sh')], { stdio: 'ignore' });
    const secretsDir = join(work, 'docker', 'secrets');
    // /run/secrets as the sidecar container sees it: the compose file's names for the files init-secrets.sh made.
    const runSecrets = join(work, 'run-secrets');
    mkdirSync(runSecrets);
    for (const secret of compose.services.sidecar?.secrets ?? []) {
      const file = compose.secrets[secret.source]?.file as string;
      expect((statSync(file).mode & 0o077).toString(8)).toBe('0');
      symlinkSync(file, join(runSecrets, secret.target ?? secret.source));
    }
    const configText = readFileSync(join(work, 'docker', 'sidecar.json'), 'utf8');
    const configFile = join(work, 'sidecar.json');
    writeFileSync(configFile, configText.replaceAll('/run/secrets/', `${runSecrets}/`).replace('/var/lib/deid-share/', `${work}/`));
    const config = loadConfig(configFile);
    expect(config.peers.map((peer) => [peer.name, peer.profile.reference])).toEqual([['central', 'tcia'], ['federated-node', 'eucanimage']]);
    expect(config.peers[0]?.orthanc.credentials?.password).toBe(readFileSync(join(secretsDir, 'central.password'), 'utf8').trim());
    // The Lua trigger's token (mounted in the source Orthanc) is known to the sidecar by its hash only.
    const hookToken = readFileSync(join(secretsDir, 'hook.token'), 'utf8').trim();
    expect(config.auth.tokens.find((token) => token.roles.includes('orthanc'))?.sha256).toBe(createHash('sha256').update(hookToken).digest('hex'));
    expect(configText).not.toContain(hookToken);
    const sourceEnvironment = compose.services['orthanc-source']?.environment ?? {};
    expect((compose.services['orthanc-source']?.secrets ?? []).map(mountPath)).toContain(sourceEnvironment.DEID_SHARE_HOOK_TOKEN_FILE);
    expect(Object.keys(JSON.parse(readFileSync(join(secretsDir, 'source-users.json'), 'utf8')))).toEqual(['deid-share', 'viewer']);
  });
});

run('docker/compose.postgres.yaml (scaling out)', () => {
  let compose: Compose;
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'deid-share-compose-pg-'));
    cpSync(join(REPO, 'docker'), join(work, 'docker'), { recursive: true, filter: (path) => !/[/\\](secrets|sidecar(\.postgres)?\.json)$/.test(path) });
    cpSync(join(REPO, 'orthanc-scripts'), join(work, 'orthanc-scripts'), { recursive: true });
    compose = composeConfig([join(work, 'docker', 'compose.yaml'), join(work, 'docker', 'compose.postgres.yaml')]);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('adds PostgreSQL and runs the sidecar as two replicas on its config', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['central', 'federated-node', 'orthanc-source', 'postgres', 'sidecar', 'viewer']);
    const sidecar = compose.services.sidecar as Service & { deploy?: { replicas?: number }; volumes?: string[] };
    expect(sidecar.deploy?.replicas).toBe(2);
    // The replicas' config replaces the single sidecar's at the same path.
    expect((sidecar.volumes ?? []).filter((volume) => volume.includes(':/etc/deid-share/sidecar.json'))).toEqual([`${join(work, 'docker', 'sidecar.postgres.json')}:/etc/deid-share/sidecar.json:ro`]);
    expect(compose.services.postgres?.environment).toMatchObject({ POSTGRES_PASSWORD_FILE: '/run/secrets/postgres-password' });
    for (const service of ['postgres', 'sidecar']) expect((compose.services[service]?.secrets ?? []).map(mountPath)).toContain('/run/secrets/postgres-password');
    expect(JSON.stringify(compose.services.postgres)).not.toMatch(/POSTGRES_PASSWORD"?:/);
  });

  test('init-secrets.sh makes sidecar.postgres.json, a config whose state is the database with the password from its secret', () => {
    execFileSync('bash', [join(work, 'docker', 'init-secrets.sh')], { stdio: 'ignore' });
    const secretsDir = join(work, 'docker', 'secrets');
    const runSecrets = join(work, 'run-secrets');
    mkdirSync(runSecrets);
    for (const secret of compose.services.sidecar?.secrets ?? []) symlinkSync(compose.secrets[secret.source]?.file as string, join(runSecrets, secret.target ?? secret.source));
    const configFile = join(work, 'sidecar.json');
    writeFileSync(configFile, readFileSync(join(work, 'docker', 'sidecar.postgres.json'), 'utf8').replaceAll('/run/secrets/', `${runSecrets}/`));
    const config = loadConfig(configFile);
    const password = readFileSync(join(secretsDir, 'postgres.password'), 'utf8').trim();
    expect(config.postgres).toEqual({ url: 'postgres://deid_share@postgres:5432/deid_share', password });
    expect(readFileSync(join(secretsDir, 'postgres-server.password'), 'utf8').trim()).toBe(password);
  });
});
