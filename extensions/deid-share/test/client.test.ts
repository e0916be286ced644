import { createSidecarClient } from '../src/api/client.js';
import { SidecarError } from '../src/api/errors.js';
import { peer, scriptedFetch, shareSnapshot } from './fakeSidecar.js';

const client = (fake: ReturnType<typeof scriptedFetch>, token?: string) =>
  createSidecarClient({ baseUrl: '/api/v1/', authorization: () => token, fetch: fake.fetch });

describe('sidecar client', () => {
  it('lists peers with the bearer token', async () => {
    const fake = scriptedFetch({ 'GET /api/v1/peers': { status: 200, body: [peer] } });
    await expect(client(fake, 'Bearer t0k').listPeers()).resolves.toEqual([peer]);
    expect(fake.requests[0]).toMatchObject({ url: '/api/v1/peers', headers: { authorization: 'Bearer t0k' } });
  });

  it('sends no Authorization header when there is no token', async () => {
    const fake = scriptedFetch({ 'GET /api/v1/peers': { status: 200, body: [] } });
    await client(fake).listPeers();
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('asks for a preview and starts a share with the contract bodies', async () => {
    const preview = { peer: 'lab-a', profileId: 'basic', profileVersion: '1', sopInstanceUID: '1.2.3.4', status: 'ok', rows: [] };
    const fake = scriptedFetch({
      'POST /api/v1/previews': { status: 200, body: preview },
      'POST /api/v1/shares': { status: 202, body: { id: 's1' } },
      'GET /api/v1/shares/s1': { status: 200, body: shareSnapshot('running', 1) },
    });
    const api = client(fake);
    await expect(api.preview('1.2.3', 'lab-a')).resolves.toEqual(preview);
    await expect(api.startShare('1.2.3', ['lab-a'])).resolves.toBe('s1');
    await expect(api.getShare('s1')).resolves.toMatchObject({ status: 'running' });
    expect(fake.requests.map((r) => r.body)).toEqual([
      { studyInstanceUID: '1.2.3', peer: 'lab-a' },
      { studyInstanceUID: '1.2.3', peers: ['lab-a'] },
      undefined,
    ]);
  });

  it('turns API errors into SidecarErrors with status, code and message', async () => {
    const fake = scriptedFetch({
      'GET /api/v1/peers': { status: 403, body: { error: { code: 'forbidden', message: 'no sharing agreement' } } },
    });
    const error = await client(fake).listPeers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SidecarError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden', message: 'no sharing agreement', kind: 'forbidden' });
  });

  it('copes with error bodies that are not the API format (a proxy page, nothing at all)', async () => {
    const fake = scriptedFetch({
      'GET /api/v1/peers': [
        { status: 401, raw: '<html>Unauthorized</html>' },
        { status: 502, raw: '' },
      ],
    });
    await expect(client(fake).listPeers()).rejects.toMatchObject({ status: 401, code: 'http_401', kind: 'unauthenticated' });
    await expect(client(fake).listPeers()).rejects.toMatchObject({ status: 502, kind: 'unavailable' });
  });

  it('reports network failures as status 0 (unavailable)', async () => {
    const fake = scriptedFetch({ 'GET /api/v1/peers': new TypeError('Failed to fetch') });
    await expect(client(fake).listPeers()).rejects.toMatchObject({ status: 0, code: 'network', kind: 'unavailable' });
  });

  it('rejects answers of the wrong shape instead of rendering nonsense', async () => {
    const fake = scriptedFetch({
      'GET /api/v1/peers': { status: 200, body: { peers: [] } },
      'POST /api/v1/shares': { status: 202, body: {} },
      'GET /api/v1/shares/s1': { status: 200, raw: 'not json' },
    });
    await expect(client(fake).listPeers()).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(client(fake).startShare('1.2.3', ['lab-a'])).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(client(fake).getShare('s1')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('checks answers against the contract: an unknown status or a missing field is refused', async () => {
    const { createdAt: _createdAt, ...withoutCreatedAt } = shareSnapshot('done', 4);
    const fake = scriptedFetch({
      'GET /api/v1/shares/s1': [
        { status: 200, body: { ...shareSnapshot('done', 4), status: 'exploded' } },
        { status: 200, body: withoutCreatedAt },
      ],
    });
    await expect(client(fake).getShare('s1')).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(client(fake).getShare('s1')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('encodes share ids into the path', async () => {
    const fake = scriptedFetch({ 'GET /api/v1/shares/a%2Fb': { status: 200, body: shareSnapshot('done', 4) } });
    await client(fake).getShare('a/b');
    expect(fake.requests[0]?.url).toBe('/api/v1/shares/a%2Fb');
  });
});
