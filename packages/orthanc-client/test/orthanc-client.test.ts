import { Readable } from 'node:stream';
import { peerEntryFor, startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { createSyntheticInstance, type SyntheticInstance } from '../../../test/support/orthanc-fixtures.js';
import { OrthancClient, OrthancJobError, OrthancRequestError } from '../src/index.js';

/** Two real Orthancs: `source` (with `target` as its peer) and `target`, both behind basic auth. */
let source: LocalOrthanc;
let target: LocalOrthanc;
let sourceClient: OrthancClient;
let targetClient: OrthancClient;
let study: SyntheticInstance;
let secondInstance: SyntheticInstance;

const fastRetry = { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 };

function clientFor(orthanc: LocalOrthanc): OrthancClient {
  return new OrthancClient({ url: orthanc.url, ...(orthanc.credentials ? { auth: orthanc.credentials } : {}), retry: fastRetry });
}

beforeAll(async () => {
  target = await startOrthanc({ name: 'target', users: { target: 'target-pw' }, stableAgeSeconds: 1 });
  source = await startOrthanc({ name: 'source', users: { source: 'source-pw' }, peers: { target: peerEntryFor(target) }, stableAgeSeconds: 1 });
  sourceClient = clientFor(source);
  targetClient = clientFor(target);
  study = await createSyntheticInstance(source);
  secondInstance = await createSyntheticInstance(source, { studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: study.seriesInstanceUid });
});

afterAll(async () => {
  await Promise.all([sourceClient?.close(), targetClient?.close()]);
  await Promise.all([source?.stop(), target?.stop()]);
});

describe('reading a study from the source Orthanc', () => {
  it('reports the server version', async () => {
    const system = await sourceClient.system();
    expect(system).toMatchObject({ Name: 'source', Version: '1.10.1', HttpPort: source.httpPort });
    expect(system.HasLabels).toBeUndefined(); // labels arrived in Orthanc 1.12
  });

  it('finds the study by StudyInstanceUID with its main tags', async () => {
    const found = await sourceClient.findStudies({ StudyInstanceUID: study.studyInstanceUid, PatientID: undefined });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ID: study.studyId,
      Type: 'Study',
      MainDicomTags: { StudyInstanceUID: study.studyInstanceUid, AccessionNumber: 'SYNTHACC1' },
      PatientMainDicomTags: { PatientID: 'SYNTH-0001' },
    });
    expect(await sourceClient.findStudies({ StudyInstanceUID: '1.2.3.999.0' })).toEqual([]);
    expect((await sourceClient.findStudies({}, { limit: 1 })).length).toBe(1);
  });

  it('looks the study up by its UID', async () => {
    expect(await sourceClient.lookup(study.studyInstanceUid)).toEqual([{ ID: study.studyId, Path: `/studies/${study.studyId}`, Type: 'Study' }]);
  });

  it('reads the study, its instances with SOPInstanceUIDs, and its series', async () => {
    expect(await sourceClient.getStudy(study.studyId)).toMatchObject({ ID: study.studyId, ParentPatient: study.patientId });
    const instances = await sourceClient.getStudyInstances(study.studyId);
    expect(instances.map((instance) => instance.MainDicomTags.SOPInstanceUID).sort()).toEqual([study.sopInstanceUid, secondInstance.sopInstanceUid].sort());
    const series = await sourceClient.getStudySeries(study.studyId);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ Type: 'Series', ParentStudy: study.studyId, MainDicomTags: { SeriesInstanceUID: study.seriesInstanceUid } });
    expect([...(series[0]?.Instances ?? [])].sort()).toEqual([study.instanceId, secondInstance.instanceId].sort());
  });

  it("reads an instance's metadata (how it arrived), and says 404 for labels, which Orthanc 1.10 lacks", async () => {
    expect(await sourceClient.getInstanceMetadata(study.instanceId)).toMatchObject({ Origin: 'RestApi' });
    const labels = await sourceClient.getStudyLabels(study.studyId).catch((error: unknown) => error);
    expect(labels).toMatchObject({ status: 404, path: `/studies/${study.studyId}/labels` });
  });

  it('downloads an instance whole, as DICOM bytes', async () => {
    const whole = await sourceClient.getInstanceFile(study.instanceId);
    expect(whole.subarray(128, 132).toString('latin1')).toBe('DICM');
  });

  it('reads an instance into memory the caller supplies, asking for exactly its length', async () => {
    const whole = await sourceClient.getInstanceFile(study.instanceId);
    const supplied = Buffer.alloc(whole.byteLength + 1000, 0xee);
    const lengths: number[] = [];
    const read = await sourceClient.getInstanceFile(study.instanceId, (byteLength) => {
      lengths.push(byteLength);
      return supplied.subarray(0, byteLength);
    });
    expect(lengths).toEqual([whole.byteLength]);
    expect(read.buffer).toBe(supplied.buffer);
    expect(Buffer.from(read).equals(whole)).toBe(true);
    expect(supplied[whole.byteLength]).toBe(0xee); // nothing written past the body
  });
});

describe('pushing to the target Orthanc', () => {
  it('uploads a buffer, a chunk list and a stream, all stored as the same instance', async () => {
    const bytes = await sourceClient.getInstanceFile(study.instanceId);
    const fromBuffer = await targetClient.uploadInstance(bytes);
    expect(fromBuffer).toMatchObject({ ID: study.instanceId, ParentStudy: study.studyId, Status: 'Success' });

    const chunks = [bytes.subarray(0, 100), bytes.subarray(100, 333), bytes.subarray(333)];
    expect(await targetClient.uploadInstance(chunks)).toMatchObject({ ID: study.instanceId, Status: 'Success' });

    const fromStream = await targetClient.uploadInstance(Readable.from([bytes.subarray(0, 200), bytes.subarray(200)]));
    expect(fromStream).toMatchObject({ ID: study.instanceId, Status: 'Success' });

    const stored = await targetClient.findStudies({ StudyInstanceUID: study.studyInstanceUid });
    expect(stored.map((s) => s.ID)).toEqual([study.studyId]);
    expect((await targetClient.getInstanceFile(study.instanceId)).equals(bytes)).toBe(true);
  });

  it('rejects bytes that are not DICOM with HTTP 400, without retrying', async () => {
    const failure = await targetClient.uploadInstance(Buffer.from('not a DICOM file')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OrthancRequestError);
    expect(failure).toMatchObject({ status: 400, method: 'POST', path: '/instances', attempts: 1, retried: false });
  });

  it('deletes an instance and a study; the study then answers 404 without retries', async () => {
    await targetClient.deleteInstance(study.instanceId);
    const afterUpload = await targetClient.uploadInstance(await sourceClient.getInstanceFile(secondInstance.instanceId));
    await targetClient.deleteStudy(afterUpload.ParentStudy);
    const missing = await targetClient.getStudy(afterUpload.ParentStudy).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OrthancRequestError);
    expect(missing).toMatchObject({ status: 404, attempts: 1, retried: false, path: `/studies/${afterUpload.ParentStudy}` });
    expect((missing as Error).message).toContain(`GET /studies/${afterUpload.ParentStudy} on ${target.url} answered HTTP 404`);

    const again = await targetClient.uploadInstance(await sourceClient.getInstanceFile(study.instanceId));
    await targetClient.deleteStudy(again.ParentStudy);
    expect(await targetClient.lookup(study.studyInstanceUid)).toEqual([]);
  });
});

describe("Orthanc's jobs: store to peer and anonymization", () => {
  it('stores a study to a peer, asynchronously and synchronously', async () => {
    const asynchronous = await sourceClient.storeToPeer('target', [study.studyId], { pollIntervalMs: 50 });
    expect(asynchronous).toMatchObject({ InstancesCount: 2, FailedInstancesCount: 0 });
    expect(await targetClient.getStudyInstances(study.studyId)).toHaveLength(2);
    await targetClient.deleteStudy(study.studyId);

    const synchronous = await sourceClient.storeToPeer('target', [study.instanceId], { synchronous: true });
    expect(synchronous).toMatchObject({ InstancesCount: 1, FailedInstancesCount: 0 });
    expect(await targetClient.getStudyInstances(study.studyId)).toHaveLength(1);
  });

  it("runs Orthanc's anonymization, asynchronously and synchronously, into new studies", async () => {
    for (const synchronous of [false, true]) {
      const result = await sourceClient.anonymizeStudy(study.studyId, { Replace: { PatientName: 'ANON' }, KeepSource: true }, { synchronous, pollIntervalMs: 50 });
      expect(result).toMatchObject({ Type: 'Study', InstancesCount: 2, FailedInstancesCount: 0 });
      const anonymized = await sourceClient.getStudy(result.ID);
      expect(anonymized.PatientMainDicomTags.PatientName).toBe('ANON');
      expect(anonymized.MainDicomTags.StudyInstanceUID).not.toBe(study.studyInstanceUid);
      await sourceClient.deleteStudy(result.ID);
    }
  });

  it('reports a failed job as OrthancJobError', async () => {
    // Storing to a peer that does not answer fails inside the job, not at submission.
    const deadPeer = await startOrthanc({ name: 'dead-peer-owner', peers: { nowhere: { url: 'http://127.0.0.1:9' } } });
    const client = clientFor(deadPeer);
    try {
      const instance = await createSyntheticInstance(deadPeer);
      const failure = await client.storeToPeer('nowhere', [instance.instanceId], { pollIntervalMs: 50 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OrthancJobError);
      expect(failure).toMatchObject({ state: 'Failure' });
      expect((failure as Error).message).toMatch(/Orthanc job .* failed/);
    } finally {
      await client.close();
      await deadPeer.stop();
    }
  });

  it("names Orthanc's error, keeping its free-text details out of the message and of enumerable properties", async () => {
    const failure = (await sourceClient.storeToPeer('no-such-peer', [study.studyId]).catch((error: unknown) => error)) as OrthancRequestError;
    expect(failure).toBeInstanceOf(OrthancRequestError);
    expect(failure).toMatchObject({ status: 404, orthancStatus: 17, orthancError: 'Unknown resource', attempts: 1 });
    expect(failure.details).toBe('No peer with symbolic name: no-such-peer');
    expect(failure.message).not.toContain('No peer with symbolic name');
    expect(Object.keys(failure)).not.toContain('details');
    expect(JSON.stringify(failure)).not.toContain('No peer with symbolic name');
  });
});

describe('authentication', () => {
  it('is refused without credentials (401, not retried) and with a wrong password', async () => {
    for (const auth of [undefined, { username: 'source', password: 'wrong' }]) {
      const client = new OrthancClient({ url: source.url, ...(auth ? { auth } : {}), retry: fastRetry });
      const failure = await client.system().catch((error: unknown) => error);
      await client.close();
      expect(failure).toBeInstanceOf(OrthancRequestError);
      expect(failure).toMatchObject({ status: 401, attempts: 1 });
      expect((failure as Error).message).toContain('Check the username and password');
    }
  });

  it('refuses URLs that carry credentials', () => {
    expect(() => new OrthancClient({ url: `http://source:source-pw@127.0.0.1:${source.httpPort}` })).toThrow(/must not contain credentials/);
  });
});
