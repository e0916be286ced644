import type { NewShareJob, StateStore } from '../src/index.js';
import { describeEachStateStore } from './support/state-stores.js';

const link = (namespace: string, subjectKey: string, pseudonym: string) => ({
  namespace,
  subjectKey,
  pseudonym,
  sealedSubject: `sealed-${subjectKey}`,
});

describeEachStateStore((site) => {
  let state: StateStore;
  beforeEach(async () => {
    state = await site().open();
  });
  afterEach(async () => {
    await state.close();
  });

  const target = (peer: string) => ({
    peer,
    profileId: 'ps3.15-basic',
    profileVersion: '1.0.0',
    profileSha256: 'ab'.repeat(32),
    options: ['clean-descriptors'],
    scheme: 'keyed-hash',
  });
  const job = (id: string, requestedBy = 'alice'): NewShareJob => ({
    id,
    sourceStudyId: `orthanc-${id}`,
    studyInstanceUID: `1.2.3.${id.length}`,
    requestedBy,
    origin: 'request',
    targets: [target('central'), target('node')],
  });

  describe('share jobs', () => {
    it('records a job with its targets, instances and outcomes, and counts them per target', async () => {
      await state.jobs.create(job('j1'));
      await state.jobs.addInstances('j1', [
        { sourceInstanceId: 'i1', sopInstanceUID: '1.1' },
        { sourceInstanceId: 'i2', sopInstanceUID: '1.2' },
        { sourceInstanceId: 'i3', sopInstanceUID: '1.3' },
      ]);
      // Adding again (a resume) keeps what is known.
      await state.jobs.recordOutcome('j1', 'central', 'i1', { status: 'pushed', resultSopInstanceUID: '2.25.1', bytes: 10 });
      await state.jobs.addInstances('j1', [{ sourceInstanceId: 'i1', sopInstanceUID: '1.1' }]);
      await state.jobs.recordOutcome('j1', 'central', 'i2', { status: 'withheld', reason: 'burned in' });
      await state.jobs.confirm('j1', 'central', ['i1', 'i2']);
      await state.jobs.start('j1');
      await state.jobs.startTarget('j1', 'central');
      await state.jobs.setTargetStudy('j1', 'central', { peerStudyUID: '2.25.9', peerStudyId: 'abc' });
      await state.jobs.finishTarget('j1', 'central', 'partial');

      const stored = await state.jobs.get('j1');
      expect(stored).toMatchObject({ id: 'j1', status: 'running', requestedBy: 'alice', origin: 'request' });
      expect(stored?.reason).toBeUndefined();
      const [central, node] = stored?.targets ?? [];
      expect(central).toMatchObject({
        peer: 'central',
        status: 'partial',
        peerStudyUID: '2.25.9',
        peerStudyId: 'abc',
        options: ['clean-descriptors'],
        counts: { total: 3, pending: 1, pushed: 0, confirmed: 1, withheld: 1, refused: 0, failed: 0 },
      });
      expect(node).toMatchObject({ peer: 'node', status: 'queued', counts: { total: 3, pending: 3 } });
      expect(await state.jobs.instances('j1', 'central')).toEqual([
        { sourceInstanceId: 'i1', sopInstanceUID: '1.1', status: 'confirmed', resultSopInstanceUID: '2.25.1', bytes: 10 },
        { sourceInstanceId: 'i2', sopInstanceUID: '1.2', status: 'withheld', reason: 'burned in' },
        { sourceInstanceId: 'i3', sopInstanceUID: '1.3', status: 'pending' },
      ]);
    });

    it('lists only the instances in the statuses asked for, and keeps progress when the store is reopened', async () => {
      await state.jobs.create(job('j2'));
      await state.jobs.addInstances('j2', ['i1', 'i2', 'i3', 'i4'].map((id, n) => ({ sourceInstanceId: id, sopInstanceUID: `1.${n}` })));
      await Promise.all([
        state.jobs.recordOutcome('j2', 'central', 'i1', { status: 'pushed', resultSopInstanceUID: '2.25.1', bytes: 10 }),
        state.jobs.recordOutcome('j2', 'central', 'i2', { status: 'failed', reason: 'the peer refused the instance' }),
        state.jobs.recordOutcome('j2', 'central', 'i4', { status: 'withheld', reason: 'burned in' }),
      ]);
      await state.close();
      state = await site().open();
      const problems = await state.jobs.instances('j2', 'central', ['withheld', 'refused', 'failed']);
      expect(problems.map((record) => [record.sourceInstanceId, record.status])).toEqual([
        ['i2', 'failed'],
        ['i4', 'withheld'],
      ]);
      expect((await state.jobs.get('j2'))?.targets[0]?.counts).toMatchObject({ total: 4, pending: 1, pushed: 1, failed: 1, withheld: 1 });
    });

    it('lists jobs by peer, origin and creation time, newest first', async () => {
      await state.jobs.create(job('a'));
      await state.jobs.create({ ...job('b'), origin: 'auto', targets: [target('central')] });
      await state.jobs.create({ ...job('c'), targets: [target('node')] });
      const ids = async (query: Omit<Parameters<typeof state.jobs.list>[0], 'limit'>) => (await state.jobs.list({ ...query, limit: 10 })).map((j) => j.id);
      expect(await ids({ peer: 'node' })).toEqual(['c', 'a']);
      expect(await ids({ peer: 'central', origin: 'request' })).toEqual(['a']);
      expect(await ids({ origin: 'auto' })).toEqual(['b']);
      const created = Date.parse((await state.jobs.get('c'))?.createdAt ?? '');
      const iso = (ms: number) => new Date(ms).toISOString();
      expect(await ids({ since: iso(created - 1000), until: iso(created + 1000) })).toContain('c');
      expect(await ids({ until: '2000-01-01T00:00:00Z' })).toEqual([]);
      expect(await ids({ since: '2999-01-01T00:00:00Z' })).toEqual([]);
      expect(await ids({ since: '2000-01-01T00:00:00Z', until: '2999-12-31T00:00:00Z' })).toEqual(['c', 'b', 'a']);
    });

    it('fails every open instance of a target, lists unfinished jobs and counts jobs by status', async () => {
      await state.jobs.create(job('a'));
      await state.jobs.create(job('b', 'bob'));
      await state.jobs.create(job('c'));
      await state.jobs.addInstances('a', [
        { sourceInstanceId: 'i1', sopInstanceUID: '1.1' },
        { sourceInstanceId: 'i2', sopInstanceUID: '1.2' },
      ]);
      await state.jobs.recordOutcome('a', 'node', 'i1', { status: 'refused', reason: 'not DICOM' });
      expect(await state.jobs.failOpen('a', 'node', 'peer unreachable')).toBe(1);
      await state.jobs.finish('a', 'failed', 'every peer failed');
      await state.jobs.start('b');
      expect(await state.jobs.unfinished()).toEqual(['b', 'c']);
      expect(await state.jobs.countByStatus()).toEqual({ queued: 1, running: 1, done: 0, partial: 0, failed: 1 });
      expect((await state.jobs.list({ requestedBy: 'alice', limit: 10 })).map((j) => j.id)).toEqual(['c', 'a']);
      expect((await state.jobs.list({ limit: 1 })).map((j) => j.id)).toEqual(['c']);
      const a = await state.jobs.get('a');
      expect(a).toMatchObject({ status: 'failed', reason: 'every peer failed' });
      expect(a?.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(a?.targets[1]?.counts).toMatchObject({ refused: 1, failed: 1 });
    });

    it('rejects a job id used twice', async () => {
      await state.jobs.create(job('x'));
      await expect(state.jobs.create(job('x'))).rejects.toHaveProperty('message', expect.stringMatching(/unique constraint/i));
    });
  });

  describe('share ledger', () => {
    it('finds copies by keyed subject and marks them erased; a later share clears the mark', async () => {
      const copy = { subjectKey: 'k1', peer: 'central', peerStudyUID: '2.25.1', jobId: 'j1', profileId: 'p', scheme: 'keyed-hash' };
      await state.shares.record(copy);
      await state.shares.record({ ...copy, peerStudyId: 'orthanc-1' });
      await state.shares.record({ ...copy, subjectKey: 'k2' });
      expect(await state.shares.forSubjects(['k1'])).toEqual([expect.objectContaining({ ...copy, peerStudyId: 'orthanc-1' })]);
      await state.shares.markErased([copy], 'e1');
      expect((await state.shares.forSubjects(['k1']))[0]).toMatchObject({ erasureId: 'e1', erasedAt: expect.any(String) });
      await state.shares.record(copy);
      expect((await state.shares.forSubjects(['k1']))[0]?.erasedAt).toBeUndefined();
      expect(await state.shares.forSubjects([])).toEqual([]);

      await state.shares.recordErasure({ id: 'e1', at: '2026-01-01T00:00:00Z', actor: 'admin', status: 'complete', evidence: { deleted: 1 } });
      expect(await state.shares.getErasure('e1')).toEqual({ id: 'e1', at: '2026-01-01T00:00:00Z', actor: 'admin', status: 'complete', evidence: { deleted: 1 } });
      expect(await state.shares.getErasure('none')).toBeUndefined();
    });
  });

  describe('audit log', () => {
    it('appends and queries events in order, with filters and paging', async () => {
      const first = await state.audit.append({ actor: 'alice', role: 'radiologist', action: 'share.requested', jobId: 'j1', peer: 'central', profileId: 'p', profileSha256: 'ab', details: { instances: 3 } });
      await state.audit.append({ actor: 'admin', role: 'admin', action: 'peer.profile.changed', peer: 'node' });
      await state.audit.append({ actor: 'alice', role: 'radiologist', action: 'preview', peer: 'node' });
      expect(first).toMatchObject({ seq: 1, actor: 'alice', details: { instances: 3 } });
      expect((await state.audit.query({ limit: 10 })).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect((await state.audit.query({ actor: 'alice', limit: 10 })).map((e) => e.action)).toEqual(['share.requested', 'preview']);
      expect((await state.audit.query({ peer: 'node', afterSeq: 2, limit: 10 })).map((e) => e.seq)).toEqual([3]);
      expect(await state.audit.query({ since: '2999-01-01', limit: 10 })).toEqual([]);
    });
  });

  describe('peer settings', () => {
    it('stores the latest profile and options per peer', async () => {
      expect(await state.peerSettings.get('central')).toBeUndefined();
      await state.peerSettings.set('central', { profile: 'tcia', options: [], updatedBy: 'admin' });
      const changed = await state.peerSettings.set('central', { profile: 'primage', options: ['clean-descriptors'], updatedBy: 'root' });
      expect(changed).toMatchObject({ peer: 'central', profile: 'primage', options: ['clean-descriptors'], updatedBy: 'root' });
      expect(await state.peerSettings.all()).toEqual([changed]);
    });
  });

  describe('pseudonym tables', () => {
    it('rejects a second pseudonym for a subject and a pseudonym already held, per namespace', async () => {
      const store = await site().open();
      const { pseudonyms } = store;
      expect(await pseudonyms.linkPseudonym(link('ns', 'k1', 'P1'))).toBe('linked');
      expect(await pseudonyms.linkPseudonym(link('ns', 'k1', 'P2'))).toBe('conflict-subject');
      expect(await pseudonyms.linkPseudonym(link('ns', 'k2', 'P1'))).toBe('conflict-pseudonym');
      expect(await pseudonyms.linkPseudonym(link('other', 'k2', 'P1'))).toBe('linked');
      expect(await pseudonyms.findLinkedPseudonym('ns', 'k1')).toBe('P1');
      expect(await pseudonyms.findLinkedPseudonym('ns', 'k2')).toBeUndefined();
      await store.close();
    });

    it('lists a subject’s pseudonyms across namespaces and finds links by pseudonym', async () => {
      const store = await site().open();
      const { pseudonyms } = store;
      await pseudonyms.linkPseudonym(link('a', 'k1', 'P1'));
      await pseudonyms.linkPseudonym(link('b', 'k1', 'Q1'));
      await pseudonyms.linkPseudonym(link('b', 'k2', 'P1'));
      expect(await pseudonyms.listPseudonymsForSubject('k1')).toEqual([
        { namespace: 'a', pseudonym: 'P1' },
        { namespace: 'b', pseudonym: 'Q1' },
      ]);
      expect(await pseudonyms.findLinksByPseudonym('P1')).toEqual([link('a', 'k1', 'P1'), link('b', 'k2', 'P1')]);
      expect(await pseudonyms.listPseudonymsForSubject('nobody')).toEqual([]);
      await store.close();
    });

    it('counts per namespace, atomically under concurrent calls and across reopen', async () => {
      const first = await site().open();
      const values = await Promise.all(Array.from({ length: 100 }, () => first.pseudonyms.nextCounter('t')));
      expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(await first.pseudonyms.nextCounter('other')).toBe(1);
      await first.close();

      const second = await site().open();
      expect(await second.pseudonyms.nextCounter('t')).toBe(101);
      await second.close();
    });

    it('shares counters and links between two connections to one store (two processes)', async () => {
      const [one, two] = await Promise.all([site().open(), site().open()]);
      expect(await one.pseudonyms.nextCounter('t')).toBe(1);
      expect(await two.pseudonyms.nextCounter('t')).toBe(2);
      expect(await one.pseudonyms.linkPseudonym(link('ns', 'k1', 'P1'))).toBe('linked');
      expect(await two.pseudonyms.linkPseudonym(link('ns', 'k1', 'P9'))).toBe('conflict-subject');
      await Promise.all([one.close(), two.close()]);
    });
  });
});
