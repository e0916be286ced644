import { createSidecarClient } from '../src/api/client.js';
import { notifyOnEnd } from '../src/share/notifyOnEnd.js';
import { createShareStore } from '../src/share/shareStore.js';
import { scriptedFetch, shareSnapshot } from './fakeSidecar.js';

async function notificationsFor(answers: Parameters<typeof scriptedFetch>[0]) {
  const fake = scriptedFetch(answers);
  const client = createSidecarClient({ baseUrl: '/api/v1', authorization: () => undefined, fetch: fake.fetch });
  const store = createShareStore({ client, pollIntervalMs: 10, sleep: () => Promise.resolve() });
  const shown: Array<{ message: string; type?: string }> = [];
  notifyOnEnd(store, { show: (notification) => shown.push(notification) });
  store.share(['1.2.3'], ['lab-a']);
  await new Promise((resolve) => setTimeout(resolve, 20));
  return shown;
}

describe('notifications when a share ends', () => {
  it('says once that the study was shared', async () => {
    const shown = await notificationsFor({
      'POST /api/v1/shares': { status: 202, body: { id: 's1' } },
      'GET /api/v1/shares/s1': [
        { status: 200, body: shareSnapshot('running', 2) },
        { status: 200, body: shareSnapshot('done', 4) },
      ],
    });
    expect(shown).toEqual([expect.objectContaining({ type: 'success', message: 'Study shared with lab-a.' })]);
  });

  it('warns about a partial share and points to the panel', async () => {
    const shown = await notificationsFor({
      'POST /api/v1/shares': { status: 202, body: { id: 's1' } },
      'GET /api/v1/shares/s1': { status: 200, body: shareSnapshot('partial', 3) },
    });
    expect(shown).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringContaining('ended partial') })]);
  });

  it('reports a refused share as an error with the reason', async () => {
    const shown = await notificationsFor({
      'POST /api/v1/shares': { status: 403, body: { error: { code: 'forbidden', message: 'not your peer' } } },
    });
    expect(shown).toEqual([expect.objectContaining({ type: 'error', message: expect.stringContaining('not your peer') })]);
  });
});
