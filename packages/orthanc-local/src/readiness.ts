import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReadinessProbe {
  url: string;
  authorization?: string;
}

export type ReadinessOutcome = { ready: true } | { ready: false; reason: 'exited'; exitCode: number | null; signal: string | null } | { ready: false; reason: 'timeout'; lastStatus: number | undefined };

const POLL_INTERVAL_MS = 50;

/** Polls GET /system until it answers 200, the process exits, or the deadline passes. */
export async function waitUntilReady(child: ChildProcess, probe: ReadinessProbe, timeoutMs: number): Promise<ReadinessOutcome> {
  const deadline = Date.now() + timeoutMs;
  let lastStatus: number | undefined;
  while (Date.now() < deadline) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
      return { ready: false, reason: 'exited', exitCode: child.exitCode, signal: child.signalCode };
    }
    lastStatus = await probeStatus(probe);
    if (lastStatus === 200) return { ready: true };
    await sleep(POLL_INTERVAL_MS);
  }
  return { ready: false, reason: 'timeout', lastStatus };
}

/** The HTTP status of GET /system, or undefined while nothing answers. */
function probeStatus(probe: ReadinessProbe): Promise<number | undefined> {
  const target = new URL('system', probe.url.endsWith('/') ? probe.url : `${probe.url}/`);
  return new Promise((resolve) => {
    const req = request(
      target,
      {
        method: 'GET',
        timeout: 1000,
        agent: false,
        ...(probe.authorization === undefined ? {} : { headers: { authorization: probe.authorization } }),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(undefined));
    req.end();
  });
}
