import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreeLoopbackPort } from './free-port.js';
import { spawnGuarded } from './guarded-spawn.js';
import { readLogTail } from './log-tail.js';
import { buildOrthancConfig, type OrthancPeerEntry } from './orthanc-config.js';
import { waitUntilReady, type ReadinessOutcome } from './readiness.js';

const DEFAULT_ORTHANC_EXECUTABLE = '/usr/sbin/Orthanc';
const DEFAULT_DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export interface StartOrthancOptions {
  /** Orthanc's "Name"; also the default AET. Default "deid-share-local". */
  name?: string;
  /** Working directory (created if missing, kept after stop). Default: a fresh temp directory, removed by stop(). */
  dir?: string;
  /** Keep the temp directory after stop() (to read the log or storage). */
  keepDir?: boolean;
  /** DicomAet. Default: the name in upper case, letters/digits only, at most 16 characters. */
  aet?: string;
  /** HTTP basic-auth users (name → password). Without users, authentication is off (loopback only anyway). */
  users?: Record<string, string>;
  /** The HTTP port, to start a server again where its clients expect it (with the same `dir`). Default: a free one. */
  httpPort?: number;
  /** Start the DICOM server on a free loopback-chosen port. Default false. */
  dicomServer?: boolean;
  /** Load the DICOMweb plugin at /dicom-web/; an object adds or overrides settings of its "DicomWeb" section. */
  dicomWeb?: boolean | Record<string, unknown>;
  /** Lua scripts to load (paths; relative ones resolve against the current directory). */
  luaScripts?: readonly string[];
  /** "OrthancPeers" entries: name → URL and credentials (see peerEntryFor). */
  peers?: Record<string, OrthancPeerEntry>;
  /** Seconds without new instances before a study is "stable". Default 2 (Orthanc's own default is 60). */
  stableAgeSeconds?: number;
  /** Any further Orthanc options; objects are merged into ours, other values replace ours. */
  extraConfig?: Record<string, unknown>;
  /** Start Orthanc with --verbose. */
  verbose?: boolean;
  /** How long to wait for GET /system to answer. Default 30 000 ms. */
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 10 000 ms. */
  stopTimeoutMs?: number;
  /** Orthanc binary. Default /usr/sbin/Orthanc (Debian's package). */
  executable?: string;
  /** DICOMweb plugin library. Default: where Debian's orthanc-dicomweb installs it. */
  dicomWebPluginPath?: string;
}

export interface LocalOrthanc {
  name: string;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  httpPort: number;
  dicomPort?: number;
  aet: string;
  dir: string;
  storageDir: string;
  configPath: string;
  logPath: string;
  pid: number;
  /** The first configured user, for clients and peers; undefined when authentication is off. */
  credentials?: { username: string; password: string };
  /** SIGTERM, wait, then SIGKILL; removes a temp directory unless keepDir. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Attempts when a chosen port was taken between choosing it and Orthanc binding it. */
const PORT_ATTEMPTS = 3;

/** Whether the Orthanc executable (and, if wanted, the DICOMweb plugin) is installed, so tests can say why they skip. */
export function orthancAvailable(options: { dicomWeb?: boolean } = {}): boolean {
  return existsSync(DEFAULT_ORTHANC_EXECUTABLE) && (!options.dicomWeb || existsSync(DEFAULT_DICOMWEB_PLUGIN));
}

/** Starts a real Orthanc as a child process, listening on loopback only, and waits until its REST API answers. */
export async function startOrthanc(options: StartOrthancOptions = {}): Promise<LocalOrthanc> {
  const executable = options.executable ?? DEFAULT_ORTHANC_EXECUTABLE;
  const pluginPath = options.dicomWebPluginPath ?? DEFAULT_DICOMWEB_PLUGIN;
  if (!existsSync(executable)) {
    throw new Error(`Cannot start Orthanc: ${executable} does not exist; install it with tools/install-system-packages.sh`);
  }
  if (options.dicomWeb && !existsSync(pluginPath)) {
    throw new Error(`Cannot start Orthanc with DICOMweb: ${pluginPath} does not exist; install orthanc-dicomweb`);
  }
  const { paths, temporary } = await prepareDirectory(options.dir);
  const name = options.name ?? 'deid-share-local';
  const aet = options.aet ?? defaultAet(name);
  const [firstUser] = Object.entries(options.users ?? {});
  const credentials = firstUser === undefined ? undefined : { username: firstUser[0], password: firstUser[1] };

  for (let attempt = 1; ; attempt++) {
    const httpPort = options.httpPort ?? (await findFreeLoopbackPort());
    const dicomPort = options.dicomServer ? await findFreeLoopbackPort() : undefined;
    const config = buildOrthancConfig({
      name,
      aet,
      storageDir: paths.storageDir,
      indexDir: paths.indexDir,
      httpPort,
      ...(dicomPort === undefined ? {} : { dicomPort }),
      ...(options.users === undefined ? {} : { users: options.users }),
      ...(options.dicomWeb ? { dicomWeb: { pluginPath, settings: options.dicomWeb === true ? {} : options.dicomWeb } } : {}),
      ...(options.luaScripts === undefined ? {} : { luaScripts: options.luaScripts }),
      ...(options.peers === undefined ? {} : { peers: options.peers }),
      stableAgeSeconds: options.stableAgeSeconds ?? 2,
      ...(options.extraConfig === undefined ? {} : { extraConfig: options.extraConfig }),
    });
    await writeFile(paths.configPath, `${JSON.stringify(config, null, 2)}\n`);

    const url = `http://127.0.0.1:${httpPort}`;
    const child = await spawnOrthanc(executable, paths, options.verbose === true);
    const authorization = credentials === undefined ? {} : { authorization: basicAuthorization(credentials) };
    const outcome = await waitUntilReady(child, { url, ...authorization }, options.startTimeoutMs ?? 30_000);
    if (outcome.ready) {
      return {
        name,
        url,
        httpPort,
        ...(dicomPort === undefined ? {} : { dicomPort }),
        aet,
        dir: paths.dir,
        storageDir: paths.storageDir,
        configPath: paths.configPath,
        logPath: paths.logPath,
        pid: child.pid as number,
        ...(credentials === undefined ? {} : { credentials }),
        stop: once(async () => {
          await terminate(child, options.stopTimeoutMs ?? 10_000);
          if (temporary && !options.keepDir) await rm(paths.dir, { recursive: true, force: true });
        }),
      };
    }
    // The directory stays, so that the log named in the error can be read.
    await terminate(child, 0);
    const logTail = await readLogTail(paths.logPath);
    if (outcome.reason === 'exited' && /already in use/i.test(logTail) && options.httpPort === undefined && attempt < PORT_ATTEMPTS) continue;
    throw new Error(`${describeFailure(outcome, url)}. Orthanc log ${paths.logPath}, last lines:\n${logTail}`);
  }
}

interface InstancePaths {
  dir: string;
  storageDir: string;
  indexDir: string;
  configPath: string;
  logPath: string;
}

/** The given directory (created if needed) or a fresh temp one, with storage and index folders. */
async function prepareDirectory(given: string | undefined): Promise<{ paths: InstancePaths; temporary: boolean }> {
  const dir = given === undefined ? await mkdtemp(join(tmpdir(), 'deid-share-orthanc-')) : resolve(given);
  const paths = {
    dir,
    storageDir: join(dir, 'storage'),
    indexDir: join(dir, 'index'),
    configPath: join(dir, 'config.json'),
    logPath: join(dir, 'orthanc.log'),
  };
  await mkdir(paths.storageDir, { recursive: true });
  await mkdir(paths.indexDir, { recursive: true });
  return { paths, temporary: given === undefined };
}

/** A peer entry pointing at a local Orthanc, with its first user's credentials. */
export function peerEntryFor(local: LocalOrthanc): OrthancPeerEntry {
  return { url: local.url, ...(local.credentials ?? {}) };
}

async function spawnOrthanc(executable: string, paths: InstancePaths, verbose: boolean): Promise<ChildProcess> {
  // stdout and stderr go to the log file rather than --logfile, so that crashes before logging starts are kept too.
  const log = await open(paths.logPath, 'w');
  try {
    const child = spawnGuarded(executable, [...(verbose ? ['--verbose'] : []), paths.configPath], { cwd: paths.dir, logFd: log.fd });
    // A spawn failure is reported through the readiness wait (the process is never running); swallow the event.
    child.once('error', () => undefined);
    return child;
  } finally {
    await log.close();
  }
}

function describeFailure(outcome: Exclude<ReadinessOutcome, { ready: true }>, url: string): string {
  if (outcome.reason === 'exited') {
    return `Orthanc exited during start (exit code ${outcome.exitCode ?? 'none'}, signal ${outcome.signal ?? 'none'}) before ${url}/system answered`;
  }
  const answer = outcome.lastStatus === undefined ? 'no answer' : `last answer HTTP ${outcome.lastStatus}`;
  return `Orthanc did not answer 200 on ${url}/system in time (${answer}); it was killed`;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function defaultAet(name: string): string {
  const aet = name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 16);
  return aet === '' ? 'DEIDLOCAL' : aet;
}

function basicAuthorization(credentials: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
