import { createServer } from 'node:net';

/**
 * Asks the OS for a currently free TCP port on 127.0.0.1 (listen on port 0, read it, close).
 * The port can be taken by someone else before Orthanc binds it; startOrthanc retries on that.
 */
export function findFreeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error) => reject(new Error(`Could not reserve a free port on 127.0.0.1: ${error.message}`)));
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => (port === undefined ? reject(new Error('The OS returned no port for 127.0.0.1:0')) : resolve(port)));
    });
  });
}
