import type { StateStore } from '@deid-share/state';
import type { Logger } from 'pino';

import type { SidecarConfig } from './config/types.js';
import type { JobScheduler } from './jobs/job-scheduler.js';
import type { Metrics } from './metrics.js';
import type { OrthancPort } from './orthanc/port.js';
import type { PeerRegistry } from './peers.js';

/** What the route plugins share: built once at startup and passed in explicitly. */
export interface SidecarServices {
  readonly config: SidecarConfig;
  readonly state: StateStore;
  readonly source: OrthancPort;
  readonly peers: PeerRegistry;
  readonly queue: JobScheduler;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly inFlightBytes: () => number;
}
