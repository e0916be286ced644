import type { QueueDepth } from '@deid-share/state';

/**
 * Prometheus counters and histograms kept in memory (since the process started), and gauges read at
 * scrape time. Labels are statuses, outcomes and peer names: never anything about a patient or study.
 */
class Histogram {
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(readonly buckets: readonly number[]) {
    this.#counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.#sum += value;
    this.#count += 1;
    this.buckets.forEach((bound, index) => {
      if (value <= bound) this.#counts[index] = (this.#counts[index] ?? 0) + 1;
    });
  }

  lines(name: string, labels: string): string[] {
    const join = (extra: string) => `{${[labels, extra].filter(Boolean).join(',')}}`;
    return [
      ...this.buckets.map((bound, index) => `${name}_bucket${join(`le="${bound}"`)} ${this.#counts[index] ?? 0}`),
      `${name}_bucket${join('le="+Inf"')} ${this.#count}`,
      `${name}_sum${labels ? `{${labels}}` : ''} ${this.#sum}`,
      `${name}_count${labels ? `{${labels}}` : ''} ${this.#count}`,
    ];
  }
}

const JOB_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];
const INSTANCE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type InstanceOutcomeLabel = 'pushed' | 'withheld' | 'refused' | 'failed';

export interface ScrapeGauges {
  readonly jobsByStatus: Readonly<Record<string, number>>;
  readonly queuedJobs: number;
  readonly runningJobs: number;
  readonly inFlightBytes: number;
  /** A worker sharing a PostgreSQL state: its name and the whole cluster's queue. */
  readonly worker?: { readonly id: string; readonly queue: QueueDepth };
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export class Metrics {
  readonly #instances = new Map<string, number>();
  readonly #bytesPushed = new Map<string, number>();
  #bytesFetched = 0;
  readonly #retries = new Map<string, number>();
  readonly #jobDurations = new Map<string, Histogram>();
  readonly #instanceDurations = new Histogram(INSTANCE_BUCKETS);
  readonly #erasures = new Map<string, number>();
  readonly #webhooks = new Map<string, number>();

  instance(peer: string, outcome: InstanceOutcomeLabel, seconds?: number): void {
    const key = `peer="${escape(peer)}",outcome="${outcome}"`;
    this.#instances.set(key, (this.#instances.get(key) ?? 0) + 1);
    if (seconds !== undefined) this.#instanceDurations.observe(seconds);
  }

  pushed(peer: string, bytes: number): void {
    const key = `peer="${escape(peer)}"`;
    this.#bytesPushed.set(key, (this.#bytesPushed.get(key) ?? 0) + bytes);
  }

  fetched(bytes: number): void {
    this.#bytesFetched += bytes;
  }

  retry(target: string): void {
    const key = `target="${escape(target)}"`;
    this.#retries.set(key, (this.#retries.get(key) ?? 0) + 1);
  }

  jobFinished(status: string, seconds: number): void {
    const key = `status="${escape(status)}"`;
    let histogram = this.#jobDurations.get(key);
    if (!histogram) {
      histogram = new Histogram(JOB_BUCKETS);
      this.#jobDurations.set(key, histogram);
    }
    histogram.observe(seconds);
  }

  erasure(status: string): void {
    const key = `status="${escape(status)}"`;
    this.#erasures.set(key, (this.#erasures.get(key) ?? 0) + 1);
  }

  webhook(outcome: 'matched' | 'unmatched' | 'unknown' | 'failed'): void {
    const key = `outcome="${outcome}"`;
    this.#webhooks.set(key, (this.#webhooks.get(key) ?? 0) + 1);
  }

  render(gauges: ScrapeGauges): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family('deid_share_jobs', 'gauge', 'Share jobs in the state store by status.');
    for (const [status, count] of Object.entries(gauges.jobsByStatus)) lines.push(`deid_share_jobs{status="${escape(status)}"} ${count}`);
    family('deid_share_jobs_queued', 'gauge', 'Jobs waiting for a worker in this process.');
    lines.push(`deid_share_jobs_queued ${gauges.queuedJobs}`);
    family('deid_share_jobs_running', 'gauge', 'Jobs being worked on in this process.');
    lines.push(`deid_share_jobs_running ${gauges.runningJobs}`);
    family('deid_share_in_flight_bytes', 'gauge', 'Instance bytes held in memory by the pipeline.');
    lines.push(`deid_share_in_flight_bytes ${gauges.inFlightBytes}`);
    if (gauges.worker) {
      const { id, queue } = gauges.worker;
      family('deid_share_worker_info', 'gauge', 'This worker (one of several sharing a PostgreSQL state).');
      lines.push(`deid_share_worker_info{worker="${escape(id)}"} 1`);
      family('deid_share_queue_open_targets', 'gauge', 'Shares (a study to one peer) queued or running in the whole cluster.');
      lines.push(`deid_share_queue_open_targets ${queue.openTargets}`);
      family('deid_share_queue_leased_targets', 'gauge', 'Of those, held by a worker under a live lease.');
      lines.push(`deid_share_queue_leased_targets ${queue.leasedTargets}`);
      family('deid_share_queue_unrouted_studies', 'gauge', 'Stable studies stored by the webhook and not routed yet.');
      lines.push(`deid_share_queue_unrouted_studies ${queue.unroutedOffers}`);
    }
    family('deid_share_instances_total', 'counter', 'Instances handled per peer, by outcome.');
    for (const [labels, count] of this.#instances) lines.push(`deid_share_instances_total{${labels}} ${count}`);
    family('deid_share_pushed_bytes_total', 'counter', 'Bytes of de-identified instances pushed, per peer.');
    for (const [labels, count] of this.#bytesPushed) lines.push(`deid_share_pushed_bytes_total{${labels}} ${count}`);
    family('deid_share_fetched_bytes_total', 'counter', 'Bytes of original instances fetched from the source.');
    lines.push(`deid_share_fetched_bytes_total ${this.#bytesFetched}`);
    family('deid_share_retries_total', 'counter', 'Retried requests to an Orthanc (source or peer).');
    for (const [labels, count] of this.#retries) lines.push(`deid_share_retries_total{${labels}} ${count}`);
    family('deid_share_erasures_total', 'counter', 'Erasure requests by outcome.');
    for (const [labels, count] of this.#erasures) lines.push(`deid_share_erasures_total{${labels}} ${count}`);
    family('deid_share_webhook_calls_total', 'counter', 'Stable studies offered by Orthanc: matched a routing rule, matched none, unknown to the source, or failed to route.');
    for (const [labels, count] of this.#webhooks) lines.push(`deid_share_webhook_calls_total{${labels}} ${count}`);
    family('deid_share_job_duration_seconds', 'histogram', 'Time from a job starting to its end, by final status.');
    for (const [labels, histogram] of this.#jobDurations) lines.push(...histogram.lines('deid_share_job_duration_seconds', labels));
    family('deid_share_instance_duration_seconds', 'histogram', 'Time to de-identify and push one instance to one peer.');
    lines.push(...this.#instanceDurations.lines('deid_share_instance_duration_seconds', ''));
    family('process_resident_memory_bytes', 'gauge', 'Resident set size of the sidecar process.');
    lines.push(`process_resident_memory_bytes ${process.memoryUsage.rss()}`);
    return `${lines.join('\n')}\n`;
  }
}
