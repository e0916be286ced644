import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrthancClient, OrthancRequestError } from '../src/index.js';

// A node:https stand-in, not Orthanc: Debian 12's Orthanc 1.10.1 crashes (SIGSEGV in libcivetweb 1.15) on the
// first HTTPS request when "SslEnabled" is on, so Orthanc over TLS means a TLS-terminating proxy in front of it.
let workDir: string;
let caPem: string;
let server: Server;
let url: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'deid-share-tls-'));
  const file = (name: string): string => join(workDir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=deid-share test CA', '-keyout', file('ca.key'), '-out', file('ca.pem'));
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', file('server.key'), '-out', file('server.csr'));
  await writeFile(file('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', file('san.ext'), '-out', file('server.pem'));
  caPem = await readFile(file('ca.pem'), 'utf8');
  server = createServer({ key: await readFile(file('server.key')), cert: await readFile(file('server.pem')) }, (request, response) => {
    const authorized = request.headers.authorization === `Basic ${Buffer.from('user:pw').toString('base64')}`;
    response.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
    response.end(authorized ? JSON.stringify({ Name: 'tls-stand-in', Version: '1.10.1' }) : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(workDir, { recursive: true, force: true });
});

it('connects over HTTPS when the private CA is configured', async () => {
  const client = new OrthancClient({ url, auth: { username: 'user', password: 'pw' }, ca: caPem });
  await expect(client.system()).resolves.toMatchObject({ Name: 'tls-stand-in' });
  await client.close();
});

it('fails at once, without retries, when the certificate is not trusted', async () => {
  const client = new OrthancClient({ url, auth: { username: 'user', password: 'pw' }, retry: { attempts: 3, baseDelayMs: 10 } });
  const failure = await client.system().catch((error: unknown) => error);
  await client.close();
  expect(failure).toBeInstanceOf(OrthancRequestError);
  expect(failure).toMatchObject({ attempts: 1, status: undefined, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  expect((failure as Error).message).toContain('configure the CA');
});
