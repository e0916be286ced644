import { parseArgs } from 'node:util';

import { loadConfig, startSidecar } from '@deid-share/sidecar';

import { UsageError } from '../usage.js';

/** `deid-share serve --config <file>`: runs the sidecar until SIGINT or SIGTERM. */
export async function runServe(args: readonly string[]): Promise<number> {
  let values: { config?: string };
  try {
    ({ values } = parseArgs({ args: [...args], options: { config: { type: 'string' } }, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.config) throw new UsageError('--config <file> is required (see docs/config.example.json)');
  const config = loadConfig(values.config);
  const sidecar = await startSidecar({ config });
  console.error(`deid-share sidecar listening on ${sidecar.url}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      console.error(`deid-share: ${signal} received, stopping (running jobs resume at the next start)`);
      sidecar.close().then(resolve, (error: unknown) => {
        console.error(`deid-share: error while stopping: ${(error as Error).message}`);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
