/**
 * Builds a sidecar deployment for a test: a temp folder with a project secret, peer password files,
 * tokens (only their sha-256 goes into the config), and the config file itself. The sidecar runs either
 * in-process (`startSidecar({ config: loadConfig(configPath) })` from @deid-share/sidecar) or as
 * `node packages/cli/dist/main.js serve --config <file>` (startChild).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { findFreeLoopbackPort, type LocalOrthanc } from '@deid-share/orthanc-local';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI = join(REPO, 'packages/cli/dist/main.js');

export type TokenName = 'radiologist' | 'radiologist2' | 'admin' | 'orthanc';

export interface PeerSpec {
  name: string;
  description?: string;
  orthanc: LocalOrthanc;
  profile: string;
  options?: string[];
  siteId?: string;
  /** Shares sent to this peer at once across all workers (PostgreSQL state). */
  concurrentShares?: number;
}

export interface DeploymentSpec {
  source: LocalOrthanc;
  peers: PeerSpec[];
  routing?: unknown[];
  limits?: Record<string, number>;
  port?: number;
  /** The config's `state` (default: a SQLite file in the folder); e.g. a PostgreSQL database for several workers. */
  state?: unknown;
  /** The config's `workers` (lease and poll times of workers sharing a PostgreSQL state). */
  workers?: { leaseSeconds?: number; pollSeconds?: number };
  /** The sidecar's `auth.oidc` block, when OIDC access tokens are accepted too. */
  oidc?: Record<string, unknown>;
  /** Tokens to use instead of fresh random ones (e.g. one already given to Orthanc's Lua script). */
  tokens?: Partial<Record<TokenName, string>>;
}

export interface Deployment {
  dir: string;
  configPath: string;
  statePath: string;
  port: number;
  url: string;
  tokens: Record<TokenName, string>;
  remove(): void;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function writeDeployment(spec: DeploymentSpec): Promise<Deployment> {
  const dir = mkdtempSync(join(tmpdir(), 'deid-share-sidecar-'));
  writeFileSync(join(dir, 'project.key'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  const tokens: Record<TokenName, string> = {
    radiologist: randomBytes(24).toString('base64url'),
    radiologist2: randomBytes(24).toString('base64url'),
    admin: randomBytes(24).toString('base64url'),
    orthanc: randomBytes(24).toString('base64url'),
    ...spec.tokens,
  };
  const credentialsFor = (orthanc: LocalOrthanc, name: string) => {
    if (!orthanc.credentials) return undefined;
    const file = `${name}.password`;
    writeFileSync(join(dir, file), orthanc.credentials.password, { mode: 0o600 });
    return { username: orthanc.credentials.username, passwordFile: file };
  };
  const port = spec.port ?? (await findFreeLoopbackPort());
  const sourceCredentials = credentialsFor(spec.source, 'source');
  const config = {
    listen: { host: '127.0.0.1', port },
    state: spec.state ?? 'state/state.sqlite',
    ...(spec.workers ? { workers: spec.workers } : {}),
    projectSecretFile: 'project.key',
    siteId: 'SITE01',
    source: { url: spec.source.url, ...(sourceCredentials ? { credentials: sourceCredentials } : {}) },
    peers: spec.peers.map((peer) => {
      const credentials = credentialsFor(peer.orthanc, peer.name);
      return {
        name: peer.name,
        description: peer.description ?? `Test peer ${peer.name}`,
        url: peer.orthanc.url,
        ...(credentials ? { credentials } : {}),
        profile: peer.profile,
        options: peer.options ?? [],
        ...(peer.siteId ? { siteId: peer.siteId } : {}),
        ...(peer.concurrentShares ? { concurrentShares: peer.concurrentShares } : {}),
      };
    }),
    routing: spec.routing ?? [],
    auth: {
      tokens: [
        { name: 'dr-ana', sha256: sha256(tokens.radiologist), roles: ['radiologist'] },
        { name: 'dr-ben', sha256: sha256(tokens.radiologist2), roles: ['radiologist'] },
        { name: 'dpo-admin', sha256: sha256(tokens.admin), roles: ['admin'] },
        { name: 'orthanc-source', sha256: sha256(tokens.orthanc), roles: ['orthanc'] },
      ],
      ...(spec.oidc ? { oidc: spec.oidc } : {}),
    },
    limits: { attempts: 3, retryDelayMs: 100, maxRetryDelayMs: 400, ...spec.limits },
    logLevel: 'error',
  };
  const configPath = join(dir, 'sidecar.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return {
    dir,
    configPath,
    statePath: join(dir, 'state/state.sqlite'),
    port,
    url: `http://127.0.0.1:${port}`,
    tokens,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ChildSidecar {
  process: ChildProcess;
  url: string;
  output(): string;
  /** SIGKILL: no shutdown handler runs, as in a crash or power cut. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `deid-share serve --config <file>` as a child process (needs `npm run build`); `listen` gives it another config
 * file and address than the deployment's (one of several workers sharing a state).
 */
export async function startChild(deployment: Deployment, listen?: { configPath: string; url: string }): Promise<ChildSidecar> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const configPath = listen?.configPath ?? deployment.configPath;
  const url = listen?.url ?? deployment.url;
  const child = spawn(process.execPath, [CLI, 'serve', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sidecar exited at start:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the sidecar did not answer:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { process: child, url, output: () => output, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
