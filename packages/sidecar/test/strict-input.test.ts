/**
 * Hostile and sloppy input against the real sidecar app (its state in a temp folder, the source Orthanc a stub):
 * no coercion, bounded numbers, real dates, own-key lookups, one error shape for every failure, and an atomic
 * queue limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';

import { parseConfig, sha256Hex, startSidecar, type RunningSidecar } from '../src/index.js';
import type { OrthancPort } from '../src/orthanc/port.js';

const STUDY_UID = '1.2.826.0.1.3680043.2.1125.1';
const ORTHANC_ID = '0a1b2c3d-0a1b2c3d-0a1b2c3d-0a1b2c3d-0a1b2c3d';

/** A source Orthanc holding one study with no instances; lookups wait until `open()` is called. */
function gatedSource(): { factory: () => OrthancPort; open: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const port = {
    url: 'http://127.0.0.1:1',
    findStudies: async (uid: string) => {
      await gate;
      return uid === STUDY_UID ? [ORTHANC_ID] : [];
    },
    studyInstanceUID: async (id: string) => (id === ORTHANC_ID ? STUDY_UID : undefined),
    studyInstances: async () => [],
    close: async () => undefined,
  } as unknown as OrthancPort;
  return { factory: () => port, open };
}

interface Started {
  sidecar: RunningSidecar;
  open: () => void;
  call: (method: string, path: string, body?: string) => Promise<{ status: number; body: any }>;
  stop: () => Promise<void>;
}

async function start(limits: Record<string, number> = {}, gated = false): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'deid-share-strict-'));
  writeFileSync(join(dir, 'project.key'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  const config = parseConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      state: join(dir, 'state.db'),
      source: { url: 'http://127.0.0.1:1' },
      projectSecretFile: join(dir, 'project.key'),
      peers: [{ name: 'central', url: 'http://127.0.0.1:1', profile: 'ps3.15-basic' }],
      auth: { tokens: [{ name: 'ana', sha256: sha256Hex('ana-token'), roles: ['radiologist', 'admin'] }] },
      limits: { concurrentJobs: 1, ...limits },
    },
    join(dir, 'config.json'),
    {},
  );
  const source = gatedSource();
  if (!gated) source.open();
  const sidecar = await startSidecar({ config, logger: pino({ level: 'silent' }), orthanc: source.factory });
  const call = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${sidecar.url}${path}`, {
      method,
      headers: { authorization: 'Bearer ana-token', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  };
  return {
    sidecar,
    open: source.open,
    call,
    stop: async () => {
      source.open();
      await sidecar.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The documented error answer: `{ error: { code, message } }` and nothing else. */
function expectError(answer: { status: number; body: any }, status: number, code: string): void {
  expect({ status: answer.status, keys: Object.keys(answer.body ?? {}), code: answer.body?.error?.code, message: typeof answer.body?.error?.message }).toEqual({
    status,
    keys: ['error'],
    code,
    message: 'string',
  });
}

describe('strict API input', () => {
  let server: Started;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('does not coerce body values: a string where an array belongs is a 400, and nothing is created', async () => {
    const share = await server.call('POST', '/api/v1/shares', JSON.stringify({ studyInstanceUID: STUDY_UID, peers: 'central' }));
    expectError(share, 400, 'bad_request');
    expect(await server.sidecar.services.state.jobs.list({ limit: 10 })).toEqual([]);
    const numeric = await server.call('POST', '/api/v1/previews', JSON.stringify({ studyInstanceUID: 1.2, peer: 'central' }));
    expectError(numeric, 400, 'bad_request');
    const profile = await server.call('PUT', '/api/v1/admin/peers/central/profile', JSON.stringify({ profile: 'ps3.15-basic', options: 'retain-safe-private' }));
    expectError(profile, 400, 'bad_request');
    expect((await server.call('GET', '/api/v1/admin/peers/central/profile')).body.options).toEqual([]);
  });

  it.each(['Infinity', '1e400', '-1', '0', '1.5', '1e3x', '', '0x10', '99999999999999999999'])('refuses limit=%s on every listing', async (limit) => {
    expectError(await server.call('GET', `/api/v1/shares?limit=${limit}`), 400, 'bad_request');
    expectError(await server.call('GET', `/api/v1/admin/audit?limit=${limit}`), 400, 'bad_request');
    expectError(await server.call('GET', `/api/v1/admin/audit?after=${limit === '0' ? '-5' : limit}`), 400, 'bad_request');
  });

  it('accepts bounded numbers', async () => {
    expect((await server.call('GET', '/api/v1/shares?limit=500')).status).toBe(200);
    expectError(await server.call('GET', '/api/v1/shares?limit=501'), 400, 'bad_request');
    expect((await server.call('GET', '/api/v1/admin/audit?limit=1000&after=0')).status).toBe(200);
  });

  it('validates audit dates and keeps the valid ones inclusive', async () => {
    for (const since of ['notadate', '2020-13-45', '2020-02-30', '2020-01-01T25:00:00Z', '1']) {
      expectError(await server.call('GET', `/api/v1/admin/audit?since=${since}`), 400, 'bad_request');
      expectError(await server.call('GET', `/api/v1/admin/audit?until=${since}`), 400, 'bad_request');
    }
    await server.call('PUT', '/api/v1/admin/peers/central/profile', JSON.stringify({ profile: 'ps3.15-basic' }));
    const events = (await server.call('GET', '/api/v1/admin/audit')).body as Array<{ at: string }>;
    expect(events.length).toBeGreaterThan(0);
    const day = (events[0] as { at: string }).at.slice(0, 10);
    expect((await server.call('GET', `/api/v1/admin/audit?since=${day}&until=${day}`)).body).toEqual(events);
    expect((await server.call('GET', `/api/v1/admin/audit?since=${day}T00:00:00%2B14:00&until=${day}T23:59:59.999-12:00`)).body).toEqual(events);
    expect((await server.call('GET', '/api/v1/admin/audit?until=2000-01-01')).body).toEqual([]);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('looks profile "%s" up only among the offered ones', async (name) => {
    const answer = await server.call('PUT', '/api/v1/admin/peers/central/profile', JSON.stringify({ profile: name }));
    expectError(answer, 400, 'bad_request');
    expect(answer.body.error.message).toBe(`profile "${name}" is not available; choose one of: ${(await server.call('GET', '/api/v1/admin/profiles')).body.join(', ')}`);
  });

  it('answers framework errors in the documented shape', async () => {
    expectError(await server.call('GET', `/api/v1/shares/${'a'.repeat(200)}`), 414, 'uri_too_long');
    expectError(await server.call('GET', `/api/v1/shares?status=${'a'.repeat(20_000)}`), 431, 'header_fields_too_large');
    expectError(await server.call('GET', '/api/v1/shares/%E0%A4%A'), 400, 'bad_request');
    expectError(await server.call('POST', '/api/v1/shares', '{"peers": ['), 400, 'bad_request');
    expectError(await server.call('GET', '/api/v1/nothing-here'), 404, 'not_found');
    const wrongMethod = await fetch(`${server.sidecar.url}/api/v1/peers`, { method: 'DELETE', headers: { authorization: 'Bearer ana-token' } });
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
    expectError({ status: wrongMethod.status, body: await wrongMethod.json() }, 405, 'method_not_allowed');
  });
});

describe('queue limit', () => {
  it('admits exactly maxQueuedJobs of 30 concurrent shares', async () => {
    const server = await start({ maxQueuedJobs: 3 }, true);
    try {
      const body = JSON.stringify({ studyInstanceUID: STUDY_UID, peers: ['central'] });
      const answers: Array<Promise<{ status: number; body: any }>> = [];
      let refused = 0;
      for (let i = 0; i < 30; i += 1) {
        answers.push(
          server.call('POST', '/api/v1/shares', body).then((answer) => {
            if (answer.status === 503) refused += 1;
            return answer;
          }),
        );
      }
      // The source lookups wait (at most 3 s) until every request beyond the limit has been refused.
      for (let waited = 0; refused < 27 && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      server.open();
      const statuses = (await Promise.all(answers)).map((answer) => answer.status);
      expect(statuses.filter((status) => status === 202)).toHaveLength(3);
      expect(statuses.filter((status) => status === 503)).toHaveLength(27);
      expect(await server.sidecar.services.state.jobs.list({ limit: 100 })).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });
});
