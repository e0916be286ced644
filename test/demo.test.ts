/**
 * `node tools/demo/run.mjs` as a user runs it (after `npm run build`): waits for the lines it prints, checks that
 * every URL answers and the shared study arrived de-identified, then sends SIGINT and checks that every process the
 * demo started is gone. The demo folder is a temp folder; the OHIF viewer comes from the .cache/ of earlier runs
 * (downloaded once otherwise, hence the longer start limit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeWhenPresent, orthancMissing } from './support/required-parts.js';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const VIEWER_CACHED = existsSync(join(REPO, '.cache', 'ohif-app-3.13.2', 'dist', 'index.html'));
const START_LIMIT_MS = VIEWER_CACHED ? 90_000 : 300_000;
const STOP_LIMIT_MS = 30_000;
const REQUIRED = [/^source: /, /^peer central: /, /^peer federated-node: /, /^sidecar: /, /^viewer: /, /^viewer sign-in: /, /^admin: /, /^token radiologist: /, /^token admin: /, /^token orthanc: /, /^orthanc login: /];

const built = existsSync(join(REPO, 'packages/cli/dist/main.js')) ? undefined : 'the CLI is not built (npm run build)';
const run = describeWhenPresent(orthancMissing({ dicomWeb: true }), built);

/** Every process below `pid`, from /proc (Linux). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) is in parentheses and may contain spaces; the parent PID follows it.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the printed `key: value` lines once every required line is there; rejects if the demo exits first. */
function waitForLines(child: ChildProcess, output: () => string): Promise<Map<string, string>> {
  return new Promise((resolveLines, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no complete set of lines within ${START_LIMIT_MS / 1000} s:\n${output()}`)), START_LIMIT_MS);
    const check = () => {
      const lines = output().split('\n');
      if (!REQUIRED.every((pattern) => lines.some((line) => pattern.test(line)))) return;
      clearTimeout(timer);
      resolveLines(new Map(lines.filter((line) => line.includes(': ')).map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)])));
    };
    child.stdout?.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (code ${code}, signal ${signal}) before printing its lines:\n${output()}`));
    });
  });
}

run('npm run demo (tools/demo/run.mjs)', () => {
  let demoDir: string;
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  let printed: Map<string, string>;
  let started: number[];

  const read = (key: string) => {
    const value = printed.get(key);
    if (value === undefined) throw new Error(`the demo printed no "${key}:" line`);
    return value;
  };
  const token = (role: string) => readFileSync(read(`token ${role}`), 'utf8').trim();
  const orthancAuth = () => {
    const [, user, passwordFile] = /^(\S+), password in (.+)$/.exec(read('orthanc login')) ?? [];
    return { authorization: `Basic ${Buffer.from(`${user}:${readFileSync(passwordFile as string, 'utf8').trim()}`).toString('base64')}` };
  };
  const orthancJson = async (base: string, path: string) => {
    const response = await fetch(`${base}${path}`, { headers: orthancAuth() });
    expect(response.status).toBe(200);
    return response.json();
  };
  const sidecarGet = (path: string, role: string) => fetch(`${read('sidecar')}${path}`, { headers: { authorization: `Bearer ${token(role)}` } });

  beforeAll(async () => {
    demoDir = mkdtempSync(join(tmpdir(), 'deid-share-demo-test-'));
    child = spawn(process.execPath, ['tools/demo/run.mjs'], { cwd: REPO, env: { ...process.env, DEID_SHARE_DEMO_DIR: demoDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
    printed = await waitForLines(child, () => `${stdout}\n--- stderr ---\n${stderr}`);
    started = descendants(child.pid as number);
  }, START_LIMIT_MS + 10_000);

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(demoDir, { recursive: true, force: true });
  });

  test('it runs three Orthanc servers and the sidecar as child processes', () => {
    const commands = started.map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      } catch {
        return '';
      }
    });
    expect(commands.filter((command) => command.includes('/usr/sbin/Orthanc'))).toHaveLength(3);
    expect(commands.filter((command) => command.includes('serve --config'))).toHaveLength(1);
  });

  test('the Orthanc servers answer; the peers hold the shared study without the original patient name', async () => {
    await orthancJson(read('source'), '/system');
    const jobs = await (await sidecarGet('/api/v1/shares', 'admin')).json();
    const onRequest = jobs.find((job: any) => job.origin === 'request');
    expect(onRequest).toMatchObject({ status: 'done' });
    const [original] = await (await fetch(`${read('source')}/tools/find`, {
      method: 'POST',
      headers: orthancAuth(),
      body: JSON.stringify({ Level: 'Study', Query: { StudyInstanceUID: onRequest.studyInstanceUID }, Expand: true }),
    })).json();
    const originalName = original.PatientMainDicomTags.PatientName;
    expect(originalName).toBeTruthy();
    for (const peer of ['central', 'federated-node']) {
      const entry = onRequest.peers.find((p: any) => p.peer === peer);
      expect(entry).toMatchObject({ status: 'done', done: entry.total });
      const copy = await orthancJson(read(`peer ${peer}`), `/studies/${entry.peerStudyId}`);
      expect(await orthancJson(read(`peer ${peer}`), `/studies/${entry.peerStudyId}/instances`)).toHaveLength(entry.total);
      expect(copy.PatientMainDicomTags.PatientName).not.toBe(originalName);
      expect(copy.PatientMainDicomTags.PatientID).not.toBe(original.PatientMainDicomTags.PatientID);
    }
  });

  test('the sidecar answers each token with its role; tokens are printed as file paths only', async () => {
    expect((await fetch(`${read('sidecar')}/healthz`)).status).toBe(200);
    expect((await sidecarGet('/api/v1/peers', 'radiologist')).status).toBe(200);
    expect((await sidecarGet('/api/v1/shares', 'orthanc')).status).toBe(403);
    const config = readFileSync(join(demoDir, 'sidecar', 'config.json'), 'utf8');
    for (const role of ['radiologist', 'admin', 'orthanc']) {
      expect(stdout + stderr + config).not.toContain(token(role));
    }
  });

  test('the viewer serves index.html and /app-config.js on its origin', async () => {
    const index = await fetch(`${read('viewer')}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('app-config.js');
    const appConfig = await fetch(`${read('viewer')}/app-config.js`);
    expect(appConfig.status).toBe(200);
    expect(await appConfig.text()).toContain('/deid-share/extension.js');
  });

  test('the viewer sign-in link signs a browser in, once; without it the source is closed', async () => {
    expect((await fetch(`${read('viewer')}/dicom-web/studies`)).status).toBe(401);
    const link = read('viewer sign-in');
    expect(link).not.toContain(token('radiologist'));
    const signIn = await fetch(link, { redirect: 'manual' });
    expect([signIn.status, signIn.headers.get('location')]).toEqual([303, expect.stringMatching(/^\/deid-share\?StudyInstanceUIDs=/)]);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const studies = await fetch(`${read('viewer')}/dicom-web/studies`, { headers: { cookie } });
    expect(studies.status).toBe(200);
    expect(await studies.json()).not.toHaveLength(0);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(401);
  });

  test('the admin console is at the admin line and works with the admin token', async () => {
    const url = read('admin');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1] as string;
    expect((await fetch(new URL(script, url))).status).toBe(200);
    const signIn = async (role: string) => {
      const answer = await fetch(new URL('/auth/session', url), { method: 'POST', headers: { authorization: `Bearer ${token(role)}`, origin: new URL(url).origin } });
      expect(answer.status).toBe(200);
      return { cookie: (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '', session: await answer.json() };
    };
    const admin = await signIn('admin');
    expect(admin.session.roles).toEqual(['admin']);
    const peers = await fetch(new URL('/api/v1/admin/peers', url), { headers: { cookie: admin.cookie } });
    expect(peers.status).toBe(200);
    expect((await peers.json()).map((peer: { name: string }) => peer.name)).toEqual(['central', 'federated-node']);
    const radiologist = await signIn('radiologist');
    expect((await fetch(new URL('/api/v1/admin/peers', url), { headers: { cookie: radiologist.cookie } })).status).toBe(403);
  });

  test('SIGINT stops the demo and every process it started', async () => {
    expect(started.length).toBeGreaterThanOrEqual(4);
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), STOP_LIMIT_MS)))]);
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(started.filter(alive)).toEqual([]);
  }, STOP_LIMIT_MS + 5_000);
});
