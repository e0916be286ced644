import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findFreeLoopbackPort } from '@deid-share/orthanc-local';
import pg from 'pg';

/** Debian installs each major version under its own folder; the newest is used. */
const DEBIAN_ROOT = '/usr/lib/postgresql';
const SUPERUSER = 'deid';

export interface LocalPostgres {
  /** `postgres://deid@127.0.0.1:<port>/postgres` (no password: it is in `passwordFile`). */
  readonly url: string;
  readonly port: number;
  /** A file holding the superuser's password, as deid-share's config expects (`state.passwordFile`). */
  readonly passwordFile: string;
  readonly password: string;
  /** The postmaster's process ID (its backends are its children), for CPU accounting. */
  pid(): number;
  /** Creates an empty database and returns its URL (no password). */
  createDatabase(name: string): Promise<string>;
  /** Runs one statement as the superuser in the database of `url` (one this cluster made); returns the rows. */
  query<Row = Record<string, unknown>>(url: string, sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Stops the server at once (as a crash would) and starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  if (process.env.DEID_SHARE_PG_BIN) return process.env.DEID_SHARE_PG_BIN;
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
  const found = versions.map((version) => join(DEBIAN_ROOT, version, 'bin')).find((dir) => existsSync(join(dir, 'pg_ctl')));
  return found;
}

/** Why PostgreSQL cannot be started here, or undefined when it can. */
export function postgresAvailable(): string | undefined {
  if (!binDir()) return `PostgreSQL's server binaries are not installed (${DEBIAN_ROOT}/<version>/bin; bash tools/install-system-packages.sh)`;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'PostgreSQL refuses to run as root and there is no postgres user (install the postgresql package)';
    }
  }
  return undefined;
}

const liveClusters = new Set<() => void>();
let exitHookInstalled = false;

/**
 * A private PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only, its unix socket in that folder,
 * password authentication over TCP. As root it runs as the `postgres` user (PostgreSQL refuses root). Stopped
 * when this process exits, even when a test forgets to.
 */
export async function startPostgres(): Promise<LocalPostgres> {
  const problem = postgresAvailable();
  if (problem) throw new Error(problem);
  const bin = binDir() as string;
  const dir = mkdtempSync(join(tmpdir(), 'deid-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const password = randomBytes(18).toString('base64url');
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const commandArgs = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    try {
      return execFileSync(command, commandArgs, { stdio: 'pipe', cwd: dir }).toString();
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`${tool} ${args[0] ?? ''} failed for the test cluster in ${dir}: ${stderr || (error as Error).message} (log: ${log})`);
    }
  };
  run('initdb', ['-D', data, '-U', SUPERUSER, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-sync']);
  const port = await findFreeLoopbackPort();
  // fsync stays on: the restart test must see what a real crash leaves.
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200`;
  const start = () => run('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
  const stopNow = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
  };
  start();
  liveClusters.add(stopNow);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const stop of liveClusters) stop();
    });
  }
  const url = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  const query = async <Row>(databaseUrl: string, sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: new URL(databaseUrl).pathname.slice(1), password });
    await client.connect();
    try {
      return (await client.query(sql, [...params])).rows as Row[];
    } finally {
      await client.end();
    }
  };
  return {
    url: url('postgres'),
    port,
    passwordFile,
    password,
    pid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    async createDatabase(name) {
      await query(url('postgres'), `CREATE DATABASE "${name.replace(/"/g, '')}"`);
      return url(name);
    },
    query,
    async restart(restartOptions = {}) {
      stopNow();
      await new Promise((resolve) => setTimeout(resolve, restartOptions.downMs ?? 0));
      start();
    },
    async stop() {
      liveClusters.delete(stopNow);
      stopNow();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
