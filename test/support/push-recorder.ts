/**
 * A recording pass-through in front of a real (peer) Orthanc: every request is forwarded as it is; each upload
 * (POST /instances) is recorded with when it started and ended and the Orthanc ID of the stored instance, so a
 * test can tell whether one instance was ever being uploaded twice at the same time (by two workers).
 */
import { createServer, request, type Server } from 'node:http';

import { findFreeLoopbackPort, type LocalOrthanc } from '@deid-share/orthanc-local';

export interface RecordedUpload {
  /** Orthanc's ID of the stored instance (the same for every upload of one de-identified instance). */
  readonly instanceId: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number;
}

export interface PushRecorder {
  /** The peer as the sidecar should see it: same credentials, the recorder's URL. */
  readonly orthanc: LocalOrthanc;
  readonly uploads: RecordedUpload[];
  /** Pairs of uploads of one instance whose times overlap. */
  concurrentUploads(): Array<[RecordedUpload, RecordedUpload]>;
  /** Instances uploaded more than once (in any order). */
  repeatedUploads(): string[];
  stop(): Promise<void>;
}

export async function startPushRecorder(peer: LocalOrthanc): Promise<PushRecorder> {
  const target = new URL(peer.url);
  const uploads: RecordedUpload[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const startedAt = performance.now();
    const isUpload = incoming.method === 'POST' && incoming.url === '/instances';
    const forwarded = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          if (isUpload) chunks.push(chunk);
          outgoing.write(chunk);
        });
        answer.on('end', () => {
          if (isUpload) {
            let instanceId = '';
            try {
              instanceId = String((JSON.parse(Buffer.concat(chunks).toString()) as { ID?: string }).ID ?? '');
            } catch {
              // an error answer: recorded without an ID
            }
            uploads.push({ instanceId, startedAt, endedAt: performance.now(), status: answer.statusCode ?? 0 });
          }
          outgoing.end();
        });
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  const port = await findFreeLoopbackPort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const byInstance = () => {
    const groups = new Map<string, RecordedUpload[]>();
    for (const upload of uploads) if (upload.instanceId) groups.set(upload.instanceId, [...(groups.get(upload.instanceId) ?? []), upload]);
    return groups;
  };
  return {
    orthanc: { ...peer, url: `http://127.0.0.1:${port}` },
    uploads,
    concurrentUploads() {
      const pairs: Array<[RecordedUpload, RecordedUpload]> = [];
      for (const group of byInstance().values()) {
        const sorted = [...group].sort((a, b) => a.startedAt - b.startedAt);
        sorted.forEach((upload, index) => {
          for (const later of sorted.slice(index + 1)) if (later.startedAt < upload.endedAt) pairs.push([upload, later]);
        });
      }
      return pairs;
    },
    repeatedUploads() {
      return [...byInstance()].filter(([, group]) => group.length > 1).map(([id]) => id);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
