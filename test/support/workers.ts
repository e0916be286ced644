/** Several `deid-share serve` workers sharing one PostgreSQL state, each on its own port (child processes). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { findFreeLoopbackPort } from '@deid-share/orthanc-local';
import type { LocalPostgres } from '@deid-share/postgres-local';

import { startChild, type ChildSidecar, type Deployment } from './sidecar.js';

let databases = 0;

/** The config's `state` for a fresh database in the cluster: the URL, the password from a file. */
export async function postgresState(cluster: LocalPostgres): Promise<{ url: string; passwordFile: string }> {
  return { url: await cluster.createDatabase(`deid_share_${process.pid}_${++databases}`), passwordFile: cluster.passwordFile };
}

/** Starts `count` workers of the deployment at once; worker i listens on its own port with its own config file. */
export async function startWorkers(deployment: Deployment, count: number, first = 0): Promise<ChildSidecar[]> {
  const config = JSON.parse(readFileSync(deployment.configPath, 'utf8')) as { listen: { host: string; port: number } };
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const port = await findFreeLoopbackPort();
      const configPath = join(deployment.dir, `worker-${first + index}.json`);
      writeFileSync(configPath, JSON.stringify({ ...config, listen: { ...config.listen, port } }, null, 2));
      return startChild(deployment, { configPath, url: `http://127.0.0.1:${port}` });
    }),
  );
}
