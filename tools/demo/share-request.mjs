// Shares a study through the sidecar's API, as a radiologist would, and waits for the job to end.
import { setTimeout as sleep } from 'node:timers/promises';

const ENDED = new Set(['done', 'partial', 'failed']);

async function call(url, token, init = {}) {
  const response = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  const body = await response.json();
  return { status: response.status, body };
}

/**
 * POST /api/v1/shares with `request` ({ studyInstanceUID | orthancStudyId, peers }), then polls
 * GET /api/v1/shares/<id> every `pollMs` until the job is done, partial or failed; returns the job.
 */
export async function shareAndWait(sidecarUrl, token, request, { timeoutMs = 120_000, pollMs = 200 } = {}) {
  const created = await call(`${sidecarUrl}/api/v1/shares`, token, { method: 'POST', body: JSON.stringify(request) });
  if (created.status !== 202) throw new Error(`POST /api/v1/shares answered ${created.status}: ${created.body?.error?.message ?? JSON.stringify(created.body)}`);
  const { id } = created.body;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await call(`${sidecarUrl}/api/v1/shares/${id}`, token);
    if (job.status !== 200) throw new Error(`GET /api/v1/shares/${id} answered ${job.status}: ${job.body?.error?.message ?? ''}`);
    if (ENDED.has(job.body.status)) return job.body;
    if (Date.now() > deadline) throw new Error(`share job ${id} still ${job.body.status} after ${timeoutMs / 1000} s`);
    await sleep(pollMs);
  }
}

/** One line per peer: "central: done, 4/4 instances, copy at <url>" or the reason it is not done. */
export function describeJob(job) {
  return job.peers.map((peer) => {
    const copy = peer.peerStudyUrl ?? peer.peerStudyId;
    const outcome = `${peer.peer}: ${peer.status}, ${peer.done}/${peer.total} instances`;
    return peer.status === 'done' ? `${outcome}, copy at ${copy}` : `${outcome}: ${peer.reason ?? 'no reason given'}`;
  });
}
