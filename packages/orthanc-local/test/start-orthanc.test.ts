import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startOrthanc, type LocalOrthanc } from '../src/index.js';

const USERS = { alice: 'alice-password' };
const AUTH = `Basic ${Buffer.from('alice:alice-password').toString('base64')}`;

/** GET from the given local address, so the test can play a non-loopback client with 127.0.0.2. */
function get(url: string, options: { authorization?: string; localAddress?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent: false,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
        ...(options.authorization === undefined ? {} : { headers: { authorization: options.authorization } }),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.once('error', reject);
    req.end();
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await sleep(50);
  }
  return false;
}

describe('startOrthanc with authentication, DICOMweb, DICOM server and Lua', () => {
  let orthanc: LocalOrthanc;
  let scriptDir: string;

  beforeAll(async () => {
    scriptDir = await mkdtemp(join(tmpdir(), 'deid-share-lua-'));
    const script = join(scriptDir, 'marker.lua');
    await writeFile(script, 'print("deid-share lua marker")\n');
    orthanc = await startOrthanc({
      name: 'local-test',
      users: USERS,
      dicomWeb: true,
      dicomServer: true,
      luaScripts: [script],
      stableAgeSeconds: 1,
      peers: { other: { url: 'http://127.0.0.1:9', username: 'bob', password: 'pw' } },
      extraConfig: { DicomWeb: { StudiesMetadata: 'Full' }, MaximumPatientCount: 7 },
    });
  });

  afterAll(async () => {
    await orthanc?.stop();
    await rm(scriptDir, { recursive: true, force: true });
  });

  it('answers /system on loopback with the configured name and ports', async () => {
    expect(orthanc.url).toBe(`http://127.0.0.1:${orthanc.httpPort}`);
    const system = JSON.parse((await get(`${orthanc.url}/system`, { authorization: AUTH })).body) as Record<string, unknown>;
    expect(system).toMatchObject({ Name: 'local-test', HttpPort: orthanc.httpPort, DicomAet: 'LOCALTEST', DicomPort: orthanc.dicomPort, Version: '1.10.1' });
  });

  it('refuses requests without credentials and accepts them with credentials', async () => {
    expect((await get(`${orthanc.url}/system`)).status).toBe(401);
    expect((await get(`${orthanc.url}/system`, { authorization: AUTH })).status).toBe(200);
  });

  it('refuses a client whose address is not 127.0.0.1, even with credentials', async () => {
    // Orthanc 1.10 binds all interfaces; RemoteAccessAllowed=false is what turns away non-loopback clients.
    const fromOtherAddress = await get(`http://127.0.0.2:${orthanc.httpPort}/system`, { authorization: AUTH, localAddress: '127.0.0.2' });
    expect(fromOtherAddress.status).toBe(401);
  });

  it('writes its config with loopback-only access, overwrite on, short stable age, peers and merged extra config', async () => {
    const config = JSON.parse(await readFile(orthanc.configPath, 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({
      RemoteAccessAllowed: false,
      AuthenticationEnabled: true,
      OverwriteInstances: true,
      StableAge: 1,
      DicomServerEnabled: true,
      MaximumPatientCount: 7,
      DicomWeb: { Enable: true, Root: '/dicom-web/', StudiesMetadata: 'Full' },
      OrthancPeers: { other: { Url: 'http://127.0.0.1:9/', Username: 'bob', Password: 'pw' } },
    });
    const peers = JSON.parse((await get(`${orthanc.url}/peers`, { authorization: AUTH })).body) as unknown;
    expect(peers).toEqual(['other']);
  });

  it('serves DICOMweb under /dicom-web/', async () => {
    const studies = await get(`${orthanc.url}/dicom-web/studies`, { authorization: AUTH });
    expect(studies.status).toBe(200);
    expect(JSON.parse(studies.body)).toEqual([]);
  });

  it('answers a DICOM C-ECHO on its DICOM port (dcmtk echoscu)', () => {
    const echo = spawnSync('echoscu', ['-aec', orthanc.aet, '127.0.0.1', String(orthanc.dicomPort)], { encoding: 'utf8' });
    expect(echo.status).toBe(0);
  });

  it('loads the Lua scripts and logs to its log file', async () => {
    expect(await readFile(orthanc.logPath, 'utf8')).toContain('Lua says: deid-share lua marker');
  });
});

describe('startOrthanc defaults and lifecycle', () => {
  it('starts without authentication or DICOM server, and stop() ends the process and removes the temp dir', async () => {
    const orthanc = await startOrthanc();
    const config = JSON.parse(await readFile(orthanc.configPath, 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ DicomServerEnabled: false, AuthenticationEnabled: false, RemoteAccessAllowed: false, Plugins: [] });
    expect(orthanc.dicomPort).toBeUndefined();
    expect((await get(`${orthanc.url}/system`)).status).toBe(200);

    await orthanc.stop();
    expect(isRunning(orthanc.pid)).toBe(false);
    expect(existsSync(orthanc.dir)).toBe(false);
    await orthanc.stop(); // idempotent
  });

  it('keeps a given directory after stop()', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deid-share-given-'));
    const orthanc = await startOrthanc({ dir });
    await orthanc.stop();
    expect(existsSync(orthanc.logPath)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('explains a failed start with the log file and its last lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deid-share-failing-'));
    const failure = startOrthanc({ dir, extraConfig: { HttpPort: 'not-a-port' } });
    await expect(failure).rejects.toThrow(/Orthanc exited during start/);
    await expect(failure).rejects.toThrow(join(dir, 'orthanc.log'));
    await expect(failure).rejects.toThrow(/"HttpPort" must be an integer/);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('Orthanc children never outlive their parent process', () => {
  const distEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

  /** Runs a Node process that starts an Orthanc from the built package, prints its pid and dir, then runs `after`. */
  async function parentWithOrthanc(after: string): Promise<{ parent: ReturnType<typeof spawn>; pid: number; dir: string }> {
    const script = `import { startOrthanc } from ${JSON.stringify(pathToFileURL(distEntry).href)};
      const o = await startOrthanc(); console.log(JSON.stringify({ pid: o.pid, dir: o.dir })); ${after}`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      parent.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] as string);
      });
      parent.once('exit', (code) => reject(new Error(`parent exited (${code}) before starting Orthanc; run \`npx tsc -b\` so dist is current`)));
    });
    return { parent, ...(JSON.parse(line) as { pid: number; dir: string }) };
  }

  it('kills Orthanc when the parent is SIGKILLed', async () => {
    const { parent, pid, dir } = await parentWithOrthanc('setInterval(() => {}, 1000);');
    expect(isRunning(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitForExit(pid, 5000)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('kills Orthanc when the parent exits normally without calling stop()', async () => {
    const { pid, dir } = await parentWithOrthanc('process.exit(0);');
    expect(await waitForExit(pid, 5000)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });
});
