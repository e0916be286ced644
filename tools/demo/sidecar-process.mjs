// Runs the real sidecar, `deid-share serve --config <file>`, as a child process with its output in a log file.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const SETPRIV = '/usr/bin/setpriv';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

const logTail = (path) => readFileSync(path, 'utf8').trimEnd().split('\n').slice(-15).join('\n');

/**
 * Starts the sidecar and waits until GET <url>/healthz answers 200. On Linux the child gets SIGTERM from the
 * kernel if this process dies without stopping it (setpriv --pdeathsig), so it never outlives the demo.
 * `nodeOptions` are flags for node itself (e.g. --cpu-prof). Returns { pid, url, stop() }; stop() sends SIGTERM
 * (running jobs resume at the next start), then SIGKILL.
 */
export async function startSidecarProcess({ configPath, url, logPath, nodeOptions = [] }) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const command = [process.execPath, ...nodeOptions, CLI, 'serve', '--config', configPath];
  const log = openSync(logPath, 'w');
  const child = existsSync(SETPRIV)
    ? spawn(SETPRIV, ['--pdeathsig', 'TERM', '--', ...command], { stdio: ['ignore', log, log] })
    : spawn(command[0], command.slice(1), { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('error', () => undefined); // reported below as an exit before /healthz answered

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await healthy(url))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      const what = Date.now() > deadline ? `did not answer ${url}/healthz within ${START_TIMEOUT_MS / 1000} s` : 'exited at start';
      throw new Error(`the sidecar ${what}; log ${logPath}:\n${logTail(logPath)}`);
    }
    await sleep(100);
  }
  let stopping;
  return {
    pid: child.pid,
    url,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      })()),
  };
}

async function healthy(url) {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
