import { postgresAvailable, startPostgres, type LocalPostgres } from '@deid-share/postgres-local';

import { openPostgresStateStore, type NewShareJob, type SharedWorkQueue, type StateStore } from '../src/index.js';
import { POSTGRES_MIGRATIONS } from '../src/postgres/migrations/index.js';

const missing = postgresAvailable();
const suite = missing && process.env.CI !== 'true' ? describe.skip : describe;

let cluster: LocalPostgres;
let databases = 0;
let url: string;
const stores: StateStore[] = [];
const open = async () => {
  const store = await openPostgresStateStore({ url, password: cluster.password });
  stores.push(store);
  return store;
};
const query = (sql: string, params: unknown[] = []) => cluster.query<any>(url, sql, params);

const job = (id: string, peers: string[]): NewShareJob => ({
  id,
  sourceStudyId: `orthanc-${id}`,
  studyInstanceUID: '1.2.3',
  requestedBy: 'alice',
  origin: 'auto',
  targets: peers.map((peer) => ({ peer, profileId: 'tcia', profileVersion: '1', profileSha256: 'ab', options: [], scheme: 'keyed-hash' })),
});

suite(`PostgreSQL state store${missing ? ` (${missing})` : ''}`, () => {
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(async () => {
    url = await cluster.createDatabase(`pg_${++databases}`);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  describe('migrations', () => {
    it('are applied once when several workers start together, each recorded with its checksum', async () => {
      await Promise.all([open(), open(), open()]);
      const rows = await query('SELECT version, description FROM deid_schema_migration ORDER BY version');
      expect(rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.version));
    });

    it('refuse a database migrated by a newer deid-share, and one whose applied migration was edited', async () => {
      await (await open()).close();
      stores.length = 0;
      await query("UPDATE deid_schema_migration SET sha256 = 'edited' WHERE version = 2");
      await expect(open()).rejects.toThrow(/migration 2 \(share jobs and instance outcomes\) differs .*add a new one/);
      await query(`INSERT INTO deid_schema_migration (version, description, sha256) VALUES (${POSTGRES_MIGRATIONS.length + 1}, 'future', 'x')`);
      await expect(open()).rejects.toThrow(new RegExp(`schema version ${POSTGRES_MIGRATIONS.length + 1} .*upgrade deid-share`));
    });
  });

  describe('shared work queue', () => {
    let queue: SharedWorkQueue;
    let state: StateStore;
    beforeEach(async () => {
      state = await open();
      queue = state.shared as SharedWorkQueue;
    });

    it('gives each target to one worker, oldest job first, and keeps per-peer limits across workers', async () => {
      await state.jobs.create(job('j1', ['central', 'node']));
      await state.jobs.create(job('j2', ['central', 'node']));
      await state.jobs.create(job('j3', ['central']));
      const other = (await open()).shared as SharedWorkQueue;
      const limits = { central: 2 };
      // Two workers claiming at once never get the same target.
      const claims = await Promise.all([queue.claimTarget('w1', 30_000, limits), other.claimTarget('w2', 30_000, limits), queue.claimTarget('w1', 30_000, limits), other.claimTarget('w2', 30_000, limits)]);
      const keys = claims.map((claim) => `${claim?.jobId}/${claim?.peer}`);
      expect(new Set(keys).size).toBe(4);
      expect(keys.sort()).toEqual(['j1/central', 'j1/node', 'j2/central', 'j2/node']);
      // central is at its limit of 2: j3 waits although it is the only open target.
      expect(await other.claimTarget('w2', 30_000, limits)).toBeUndefined();
      await state.jobs.finishTarget('j1', 'central', 'done');
      expect(await other.claimTarget('w2', 30_000, limits)).toMatchObject({ jobId: 'j3', peer: 'central', claims: 1 });
      expect(await queue.depth()).toEqual({ openTargets: 4, leasedTargets: 4, unroutedOffers: 0 });
    });

    it('lets another worker take over a lease that was not renewed, and tells the first it lost it', async () => {
      await state.jobs.create(job('j1', ['central']));
      expect(await queue.claimTarget('w1', 300, {})).toMatchObject({ jobId: 'j1', claims: 1 });
      expect(await queue.claimTarget('w2', 30_000, {})).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await queue.claimTarget('w2', 30_000, {})).toMatchObject({ jobId: 'j1', peer: 'central', claims: 2 });
      const held = [{ jobId: 'j1', peer: 'central' }];
      expect(await queue.renewLeases('w1', 30_000, held)).toEqual([]);
      expect(await queue.renewLeases('w2', 30_000, held)).toEqual([{ jobId: 'j1', peer: 'central', claims: 2 }]);
      expect(await queue.renewLeases('w2', 30_000, [])).toEqual([]);
      await queue.releaseLeases('w2');
      expect(await queue.claimTarget('w1', 30_000, {})).toMatchObject({ jobId: 'j1', claims: 3 });
    });

    it('stores a stable study once however often it is offered, and routes it once', async () => {
      await Promise.all(Array.from({ length: 10 }, () => queue.offerStudy('s1', 'orthanc')));
      await queue.offerStudy('s2', 'orthanc');
      expect(await queue.depth()).toMatchObject({ unroutedOffers: 2 });
      const first = await queue.claimOffer('w1', 30_000);
      const second = await queue.claimOffer('w2', 30_000);
      expect([first?.orthancStudyId, second?.orthancStudyId]).toEqual(['s1', 's2']);
      expect(await queue.claimOffer('w3', 30_000)).toBeUndefined();
      await queue.finishOffer('s1', 'matched');
      await queue.releaseOffer('s2');
      await queue.offerStudy('s1', 'orthanc');
      expect(await queue.claimOffer('w3', 30_000)).toEqual({ orthancStudyId: 's2', offeredBy: 'orthanc', attempts: 2 });
      expect(await query('SELECT offers, outcome FROM stable_study_offer WHERE orthanc_study_id = $1', ['s1'])).toEqual([{ offers: 11, outcome: 'matched' }]);
    });
  });
});
