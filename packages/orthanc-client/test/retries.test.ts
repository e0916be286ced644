import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { findFreeLoopbackPort } from '@deid-share/orthanc-local';
import { OrthancClient, OrthancRequestError } from '../src/index.js';
import { backoffDelayMs, isTransient, retryPolicy, withRetries } from '../src/retry-policy.js';

/** What the stand-in server does with request number n (1-based) of a test. */
type Behaviour = (n: number, request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

/** A tiny HTTP server on 127.0.0.1 standing in for Orthanc, so failures can be staged exactly. */
let server: Server;
let url: string;
let behaviour: Behaviour;
let requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }>;
let connections: number;

const fast = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      behaviour(requests.length, request, body, response);
    });
  });
  // Like Orthanc's civetweb, which announces "Keep-Alive: timeout=1".
  server.keepAliveTimeout = 1000;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  requests = [];
  connections = 0;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}

function dropConnection(response: ServerResponse): void {
  (response.socket as Socket).destroy();
}

async function withClient<T>(use: (client: OrthancClient) => Promise<T>, options: Partial<ConstructorParameters<typeof OrthancClient>[0]> = {}): Promise<T> {
  const client = new OrthancClient({ url, retry: fast, ...options });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

const SYSTEM = { Name: 'stand-in', Version: '1.10.1' };

it('retries 503 answers and succeeds on the third attempt', async () => {
  behaviour = (n, _request, _body, response) => (n <= 2 ? json(response, 503, {}) : json(response, 200, SYSTEM));
  await expect(withClient((client) => client.system())).resolves.toEqual(SYSTEM);
  expect(requests).toHaveLength(3);
});

it('retries 429 (too many requests) and 408 (request timeout) answers, like 5xx', async () => {
  behaviour = (n, _request, _body, response) => (n === 1 ? json(response, 429, {}) : n === 2 ? json(response, 408, {}) : json(response, 200, SYSTEM));
  await expect(withClient((client) => client.system())).resolves.toEqual(SYSTEM);
  expect(requests).toHaveLength(3);
});

it('retries dropped connections and succeeds', async () => {
  behaviour = (n, _request, _body, response) => (n <= 2 ? dropConnection(response) : json(response, 200, SYSTEM));
  await expect(withClient((client) => client.system())).resolves.toEqual(SYSTEM);
  expect(requests).toHaveLength(3);
});

it('gives up after the bounded attempts on a port where nothing listens, naming URL, attempts and what to check', async () => {
  const deadPort = await findFreeLoopbackPort();
  const client = new OrthancClient({ url: `http://127.0.0.1:${deadPort}`, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 10 } });
  const failure = await client.system().catch((error: unknown) => error);
  await client.close();
  expect(failure).toBeInstanceOf(OrthancRequestError);
  expect(failure).toMatchObject({ code: 'ECONNREFUSED', attempts: 3, retried: true, status: undefined, method: 'GET', path: '/system' });
  expect((failure as Error).message).toBe(
    `Orthanc GET /system on http://127.0.0.1:${deadPort} got no usable answer (ECONNREFUSED) after 3 attempts. Check that Orthanc is running and reachable at this URL.`,
  );
});

it('does not retry a 404', async () => {
  behaviour = (_n, _request, _body, response) => json(response, 404, { HttpStatus: 404, OrthancError: 'Unknown resource', OrthancStatus: 17 });
  const failure = await withClient((client) => client.getStudy('abc')).catch((error: unknown) => error);
  expect(failure).toMatchObject({ status: 404, attempts: 1, retried: false, orthancError: 'Unknown resource', orthancStatus: 17 });
  expect(requests).toHaveLength(1);
});

it('stops at the bounded attempts on a permanent 500, keeping the last answer', async () => {
  behaviour = (_n, _request, _body, response) => json(response, 500, { OrthancError: 'Internal error', OrthancStatus: -1 });
  const failure = await withClient((client) => client.getStudy('abc')).catch((error: unknown) => error);
  expect(failure).toMatchObject({ status: 500, attempts: 4, orthancError: 'Internal error' });
  expect(requests).toHaveLength(4);
});

it('retries the read-only POST /tools/find', async () => {
  behaviour = (n, _request, _body, response) => (n === 1 ? json(response, 503, {}) : json(response, 200, []));
  await expect(withClient((client) => client.findStudies({ StudyInstanceUID: '1.2.3' }))).resolves.toEqual([]);
  expect(requests.map((request) => JSON.parse(request.body.toString()))).toEqual([
    { Level: 'Study', Query: { StudyInstanceUID: '1.2.3' }, Expand: true },
    { Level: 'Study', Query: { StudyInstanceUID: '1.2.3' }, Expand: true },
  ]);
});

it('does not retry job submissions, which would run the job twice', async () => {
  behaviour = (_n, _request, _body, response) => json(response, 503, {});
  const failure = await withClient((client) => client.anonymizeStudy('abc', {})).catch((error: unknown) => error);
  expect(failure).toMatchObject({ status: 503, attempts: 1 });
  expect((failure as Error).message).toContain('not retried: the request is not idempotent');
  expect(requests).toHaveLength(1);
});

it('re-sends every chunk of a chunk-list upload on retry, with a Content-Length', async () => {
  const chunks = [Buffer.from('DICM-part-1|'), Buffer.from('part-2|'), Buffer.from('part-3')];
  const uploaded = { ID: 'i', ParentPatient: 'p', ParentSeries: 's', ParentStudy: 't', Path: '/instances/i', Status: 'Success' };
  behaviour = (n, _request, _body, response) => (n === 1 ? dropConnection(response) : json(response, 200, uploaded));
  await expect(withClient((client) => client.uploadInstance(chunks))).resolves.toEqual(uploaded);
  expect(requests).toHaveLength(2);
  for (const request of requests) {
    expect(request.body.equals(Buffer.concat(chunks))).toBe(true);
    expect(request.headers['content-length']).toBe(String(Buffer.concat(chunks).length));
    expect(request.headers['content-type']).toBe('application/dicom');
  }
});

it('does not retry a one-shot stream upload, and says why', async () => {
  behaviour = (_n, _request, _body, response) => json(response, 503, {});
  const failure = await withClient((client) => client.uploadInstance(Readable.from([Buffer.from('abc')]))).catch((error: unknown) => error);
  expect(failure).toMatchObject({ status: 503, attempts: 1 });
  expect((failure as Error).message).toContain('not retried: the request body was a one-shot stream');
});

it('treats a 404 on a retried DELETE as done (the lost first answer had deleted it)', async () => {
  behaviour = (n, _request, _body, response) => (n === 1 ? dropConnection(response) : json(response, 404, {}));
  await expect(withClient((client) => client.deleteStudy('abc'))).resolves.toBeUndefined();
  expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual(['DELETE /studies/abc', 'DELETE /studies/abc']);
});

it('retries when the answer headers do not come in time', async () => {
  behaviour = (n, _request, _body, response) => (n === 1 ? undefined : json(response, 200, SYSTEM));
  await expect(withClient((client) => client.system(), { timeouts: { headersMs: 200 } })).resolves.toEqual(SYSTEM);
  expect(requests).toHaveLength(2);
});

it("keeps connections alive despite Orthanc's one-second Keep-Alive hint", async () => {
  behaviour = (_n, _request, _body, response) => json(response, 200, SYSTEM);
  // One connection at most, so that any reconnect shows (with undici's default threshold, every request reconnects).
  await withClient(
    async (client) => {
      for (let i = 0; i < 5; i++) await client.system();
    },
    { connections: 1 },
  );
  expect(requests).toHaveLength(5);
  expect(connections).toBe(1);
});

it('sends basic auth, extra headers and a base path prefix', async () => {
  behaviour = (_n, _request, _body, response) => json(response, 200, SYSTEM);
  await withClient((client) => client.system(), { url: `${url}/orthanc/`, auth: { username: 'u', password: 'p' }, headers: { 'x-proxy-token': 't' } });
  expect(requests[0]).toMatchObject({ url: '/orthanc/system', headers: { authorization: `Basic ${Buffer.from('u:p').toString('base64')}`, 'x-proxy-token': 't' } });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and jitters within the upper half', () => {
    const policy = retryPolicy({ attempts: 6, baseDelayMs: 100, maxDelayMs: 1000 });
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(policy, retry, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(policy, retry, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('rejects a retry count below one', () => {
    expect(() => retryPolicy({ attempts: 0 })).toThrow(/attempts must be an integer >= 1/);
  });
});

describe('withRetries', () => {
  it('retries retryable errors up to the attempts, then gives up with the last error', async () => {
    const seen: number[] = [];
    await expect(
      withRetries({ attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }, async (attempt) => {
        seen.push(attempt);
        throw new Error(`attempt ${attempt}`);
      }, () => true),
    ).rejects.toHaveProperty('message', 'attempt 3');
    expect(seen).toEqual([1, 2, 3]);
    let calls = 0;
    await expect(withRetries({ attempts: 5, baseDelayMs: 1, maxDelayMs: 2 }, async () => {
      calls += 1;
      throw new Error('permanent');
    }, () => false)).rejects.toHaveProperty('message', 'permanent');
    expect(calls).toBe(1);
    expect(await withRetries({ attempts: 3, baseDelayMs: 1, maxDelayMs: 1 }, async (attempt) => {
      if (attempt < 2) throw new Error('once');
      return 'ok';
    }, () => true)).toBe('ok');
  });
});

describe('what is transient', () => {
  const failure = (fields: { status?: number; code?: string }) => new OrthancRequestError({ method: 'GET', path: '/system', server: 'http://127.0.0.1:1', attempts: 1, ...fields });

  it('5xx, 408 and 429 answers and dropped or refused connections; not other answers, TLS or DNS failures', () => {
    expect([500, 502, 503, 408, 429].map((status) => isTransient(failure({ status })))).toEqual([true, true, true, true, true]);
    expect([400, 401, 403, 404, 409].map((status) => isTransient(failure({ status })))).toEqual([false, false, false, false, false]);
    expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT'].every((code) => isTransient(failure({ code })))).toBe(true);
    expect(['DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ENOTFOUND', 'UNREADABLE_RESPONSE_BODY'].some((code) => isTransient(failure({ code })))).toBe(false);
    expect(isTransient(new Error('ECONNREFUSED'))).toBe(false);
  });

  it('is the rule withRetries follows unless told otherwise', async () => {
    let calls = 0;
    await expect(withRetries({ attempts: 3, baseDelayMs: 1, maxDelayMs: 1 }, async () => {
      calls += 1;
      throw failure({ status: calls === 1 ? 503 : 404 });
    })).rejects.toMatchObject({ status: 404 });
    expect(calls).toBe(2);
  });
});
