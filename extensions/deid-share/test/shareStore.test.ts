import { createSidecarClient } from '../src/api/client.js';
import { createShareStore, type ShareStore } from '../src/share/shareStore.js';
import { scriptedFetch, shareSnapshot } from './fakeSidecar.js';

const instantSleep = () => Promise.resolve();

function storeWith(answers: Parameters<typeof scriptedFetch>[0]) {
  const fake = scriptedFetch(answers);
  const client = createSidecarClient({ baseUrl: '/api/v1', authorization: () => 'Bearer t', fetch: fake.fetch });
  return { fake, store: createShareStore({ client, pollIntervalMs: 10, sleep: instantSleep }) };
}

/** Resolves once every share in the store has ended (finished or error). */
function settled(store: ShareStore): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const states = Object.values(store.getSnapshot());
      if (states.length > 0 && states.every((state) => state.phase === 'finished' || state.phase === 'error')) resolve();
    };
    store.subscribe(check);
    check();
  });
}

describe('share store', () => {
  it('starts a share and polls it until it ends, publishing each step', async () => {
    const { fake, store } = storeWith({
      'POST /api/v1/shares': { status: 202, body: { id: 's1' } },
      'GET /api/v1/shares/s1': [
        { status: 200, body: shareSnapshot('queued', 0) },
        { status: 200, body: shareSnapshot('running', 2) },
        { status: 503, body: { error: { code: 'busy', message: 'restarting' } } },
        { status: 200, body: shareSnapshot('done', 4) },
      ],
    });
    const phases: string[] = [];
    store.subscribe(() => phases.push(store.getSnapshot()['1.2.3']?.phase ?? 'none'));
    store.share(['1.2.3'], ['lab-a']);
    await settled(store);
    expect(store.getSnapshot()['1.2.3']).toMatchObject({ phase: 'finished', id: 's1', share: { status: 'done' } });
    expect(phases).toEqual(['starting', 'running', 'running', 'running', 'running', 'finished']);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(4);
  });

  it('runs one share per study and does not start a second one while the first is under way', async () => {
    const { fake, store } = storeWith({
      'POST /api/v1/shares': [
        { status: 202, body: { id: 's1' } },
        { status: 202, body: { id: 's2' } },
      ],
      'GET /api/v1/shares/s1': { status: 200, body: shareSnapshot('done', 4) },
      'GET /api/v1/shares/s2': { status: 200, body: { ...shareSnapshot('partial', 3), id: 's2', studyInstanceUID: '4.5.6' } },
    });
    store.share(['1.2.3', '4.5.6'], ['lab-a']);
    store.share(['1.2.3'], ['lab-a']);
    await settled(store);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(store.getSnapshot()['4.5.6']).toMatchObject({ phase: 'finished', share: { status: 'partial' } });
    store.clearFinished();
    expect(store.getSnapshot()).toEqual({});
  });

  it('records a refused share as an error', async () => {
    const { store } = storeWith({
      'POST /api/v1/shares': { status: 403, body: { error: { code: 'forbidden', message: 'not your peer' } } },
    });
    store.share(['1.2.3'], ['lab-b']);
    await settled(store);
    expect(store.getSnapshot()['1.2.3']).toMatchObject({ phase: 'error', error: { title: 'Not allowed' } });
  });

  it('needs a peer', () => {
    const { store } = storeWith({});
    expect(() => store.share(['1.2.3'], [])).toThrow(/at least one peer/);
  });

  it('stops polling and publishing once disposed', async () => {
    const { fake, store } = storeWith({
      'POST /api/v1/shares': { status: 202, body: { id: 's1' } },
      'GET /api/v1/shares/s1': { status: 200, body: shareSnapshot('running', 1) },
    });
    store.share(['1.2.3'], ['lab-a']);
    store.dispose();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
    expect(store.getSnapshot()['1.2.3']?.phase).toBe('starting');
  });
});
