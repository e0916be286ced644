import { setTimeout as sleep } from 'node:timers/promises';
import { OrthancJobError } from './errors.js';
import type { OrthancJob } from './orthanc-types.js';

export interface JobWaitOptions {
  /** Time between two GET /jobs/{id}. Default 200 ms. */
  pollIntervalMs?: number;
  /** Give up waiting (the job keeps running in Orthanc). Default 10 minutes. */
  timeoutMs?: number;
}

/** How a job-creating route is called: synchronously (one long request) or asynchronously (submit, then poll). */
export interface JobRunOptions extends JobWaitOptions {
  /** Default false: asynchronous, so no HTTP request has to outlive the whole job. */
  synchronous?: boolean;
}

/** Polls a job until it succeeds (returns its Content) or fails / times out (throws OrthancJobError). */
export async function pollJobUntilDone<Content>(
  jobId: string,
  getJob: (id: string) => Promise<OrthancJob<Content>>,
  options: JobWaitOptions = {},
): Promise<Content> {
  const interval = options.pollIntervalMs ?? 200;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    const job = await getJob(jobId);
    if (job.State === 'Success') return job.Content;
    if (job.State === 'Failure') {
      // ErrorDescription is Orthanc's fixed text for ErrorCode; ErrorDetails (free text) is left out on purpose.
      throw new OrthancJobError(jobId, job.State, job.ErrorCode, `Orthanc job ${jobId} (${job.Type}) failed: ${job.ErrorDescription} (Orthanc error ${job.ErrorCode}); see GET /jobs/${jobId} and the Orthanc log`);
    }
    if (Date.now() >= deadline) {
      throw new OrthancJobError(jobId, job.State, undefined, `Orthanc job ${jobId} (${job.Type}) is still ${job.State} at ${job.Progress}% after the wait limit; it keeps running in Orthanc (POST /jobs/${jobId}/cancel to stop it)`);
    }
    await sleep(interval);
  }
}
