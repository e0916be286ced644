import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pino, type Logger, type DestinationStream } from 'pino';
import { openPostgresStateStore, openStateStore, type StateStore } from '@deid-share/state';

import { buildApp } from './app.js';
import type { JwksVerifier } from './auth/jwt.js';
import { redactUrl } from './auth/redact.js';
import type { SidecarConfig } from './config/types.js';
import { BufferPool } from './jobs/buffer-pool.js';
import { JobQueue } from './jobs/job-queue.js';
import type { JobScheduler } from './jobs/job-scheduler.js';
import { LeasedJobQueue } from './jobs/leased-job-queue.js';
import { Budget, retryPolicyOf } from './jobs/limits.js';
import type { JobContext } from './jobs/run-job.js';
import { Metrics } from './metrics.js';
import { orthancPort } from './orthanc/client-port.js';
import type { OrthancPort } from './orthanc/port.js';
import { PeerRegistry, type OrthancFactory } from './peers.js';
import type { SidecarServices } from './services.js';

/** Fetch buffers up to this size are kept for reuse (a CT or MR slice; not a large multi-frame object). */
const KEPT_BUFFER_BYTES = 16 * 1024 * 1024;

export interface StartOptions {
  config: SidecarConfig;
  /** Where logs go (default stdout). */
  logDestination?: DestinationStream;
  logger?: Logger;
  /** Replaces the Orthanc client (tests). */
  orthanc?: OrthancFactory;
  jwks?: JwksVerifier;
}

export interface RunningSidecar {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly services: SidecarServices;
  /** Stops accepting requests, lets running jobs reach a safe point (they resume at the next start), closes the state. */
  close(): Promise<void>;
}

/** Never write these to logs: credentials and anything that may carry patient data. */
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'];

/** Fastify's request serializer, with secrets in the URL (`?token=`, `access_token=`...) redacted. */
function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function createLogger(config: SidecarConfig, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, redact: LOG_REDACT, base: { service: 'deid-share-sidecar' }, serializers: { req: requestForLog } };
  return destination ? pino(options, destination) : pino(options);
}

/** The state the config names: PostgreSQL shared by several workers, or the embedded SQLite file. */
function openConfiguredState(config: SidecarConfig): Promise<StateStore> {
  return config.postgres ? openPostgresStateStore({ applicationName: 'deid-share-sidecar', ...config.postgres }) : openStateStore(config.statePath);
}

/** Opens the state, connects the Orthancs, resumes unfinished jobs and listens. */
export async function startSidecar(options: StartOptions): Promise<RunningSidecar> {
  const { config } = options;
  const log = options.logger ?? createLogger(config, options.logDestination);
  const state = await openConfiguredState(config);
  const ports: OrthancPort[] = [];
  const factory: OrthancFactory = (endpoint, role) => {
    const port = (options.orthanc ?? orthancPort)(endpoint, role);
    ports.push(port);
    return port;
  };
  let app: FastifyInstance | undefined;
  try {
    const source = factory(config.source, 'source');
    const peers = await PeerRegistry.create(config, state, factory, (message) => log.warn(message));
    const metrics = new Metrics();
    const bytes = new Budget(config.limits.maxInFlightBytes);
    let stopping = false;
    const jobLog = log.child({ component: 'jobs' });
    const jobContext: JobContext = {
      state,
      source,
      peers,
      limits: config.limits,
      retry: retryPolicyOf(config.limits),
      slots: new Budget(config.limits.concurrentInstances),
      bytes,
      buffers: new BufferPool(config.limits.concurrentInstances, KEPT_BUFFER_BYTES),
      metrics,
      log: jobLog,
      stopping: () => stopping,
    };
    // Several workers share a PostgreSQL state through leases; one process over SQLite keeps its queue in memory.
    const queue: JobScheduler = state.shared
      ? new LeasedJobQueue(jobContext, state.shared, config.workers, jobLog)
      : new JobQueue(jobContext, jobLog);
    const services: SidecarServices = { config, state, source, peers, queue, metrics, log, inFlightBytes: () => bytes.used };
    app = await buildApp(services, { logger: log, ...(options.jwks ? { jwks: options.jwks } : {}) });
    await app.listen({ host: config.listen.host, port: config.listen.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.listen.port;
    const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
    const url = `http://${host}:${port}`;
    await queue.resume();
    log.info({ url, peers: peers.list().map((peer) => peer.name) }, 'sidecar listening');
    const running = app;
    let closing: Promise<void> | undefined;
    return {
      url,
      app: running,
      services,
      close: () =>
        (closing ??= (async () => {
          stopping = true;
          await running.close();
          await queue.stop();
          await Promise.all(ports.map((port) => port.close()));
          await state.close();
          log.info('sidecar stopped');
        })()),
    };
  } catch (error) {
    await app?.close();
    await Promise.all(ports.map((port) => port.close().catch(() => undefined)));
    await state.close();
    throw error;
  }
}
