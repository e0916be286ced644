/**
 * STAND-IN for the sidecar API, used ONLY to drive the panel through its states in the viewer tests until the
 * real sidecar exists; the tests that use it say so in their names and move to the real sidecar later.
 * It implements the /api/v1 contract with canned data that the test steers (share progress, auth failures).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInPeerShare {
  peer: string;
  status: 'queued' | 'running' | 'done' | 'partial' | 'failed';
  total: number;
  done: number;
  withheld: number;
  refused: number;
  failed: number;
  peerStudyId?: string;
  peerStudyUrl?: string;
  reasons: Array<{ sopInstanceUID: string; status: 'withheld' | 'refused' | 'failed'; reason: string }>;
}

export interface StandInSidecar {
  url: string;
  /** Every request, for assertions on what the panel sent. */
  requests: Array<{ method: string; path: string; authorization?: string; body: unknown }>;
  /** What GET /shares/{id} reports for each peer from now on; the overall status is derived. */
  setProgress(peers: StandInPeerShare[]): void;
  /** Answer every request with this status (401/403) until cleared with null. */
  failAll(status: 401 | 403 | null): void;
  stop(): Promise<void>;
}

export const STAND_IN_PEERS = [
  {
    name: 'lab-amsterdam',
    description: 'Tumour imaging research group',
    profile: {
      id: 'ps315-basic',
      version: '2026b',
      title: 'PS3.15 Basic Profile',
      summary: 'Removes direct identifiers, remaps UIDs, keeps no dates.',
      options: [],
    },
  },
  {
    name: 'registry-nl',
    description: 'National cohort registry',
    profile: {
      id: 'ps315-retain-dates',
      version: '2026b',
      title: 'PS3.15 Basic + Retain Longitudinal Temporal Information',
      summary: 'As basic, with dates shifted per patient.',
      options: ['RetainLongFullDatesOpt', 'CleanDescOpt'],
    },
  },
];

export function standInPreview(studyInstanceUID: string, peer: string) {
  return {
    peer,
    profileId: 'ps315-basic',
    sopInstanceUID: `${studyInstanceUID}.1.1`,
    rows: [
      { tag: '(0010,0010)', keyword: 'PatientName', original: 'DOE^JANE', result: 'Pseudo^7F3A', action: 'replaced' },
      { tag: '(0010,0020)', keyword: 'PatientID', original: 'E2E-0001', result: 'P-7F3A91', action: 'replaced' },
      { tag: '(0010,0030)', keyword: 'PatientBirthDate', original: '19700101', result: null, action: 'removed' },
      { tag: '(0008,0050)', keyword: 'AccessionNumber', original: 'ACC-E2E-1', result: '', action: 'emptied' },
      { tag: '(0008,0020)', keyword: 'StudyDate', original: '20261122', result: '20260301', action: 'shifted' },
      { tag: '(0020,000D)', keyword: 'StudyInstanceUID', original: studyInstanceUID, result: '2.25.8837261', action: 'remapped' },
      { tag: '(0008,1030)', keyword: 'StudyDescription', original: 'E2E synthetic study', result: 'E2E synthetic study', action: 'kept' },
      { tag: '(0008,0080)', keyword: 'InstitutionName', original: 'Hospital E2E', result: null, action: 'removed' },
    ],
  };
}

export async function startStandInSidecar({ token }: { token: string }): Promise<StandInSidecar> {
  const requests: StandInSidecar['requests'] = [];
  let progress: StandInPeerShare[] = [];
  let failing: 401 | 403 | null = null;
  const shares = new Map<string, string>();

  const server = createServer((req, res) => {
    readBody(req).then((body) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body });
      if (failing) return error(res, failing, failing === 401 ? 'unauthenticated' : 'forbidden', failing === 401 ? 'Token expired' : 'No sharing agreement for this user');
      if (req.headers.authorization !== `Bearer ${token}`) return error(res, 401, 'unauthenticated', 'Missing or wrong bearer token');
      if (req.method === 'GET' && path === '/api/v1/peers') return json(res, 200, STAND_IN_PEERS);
      if (req.method === 'POST' && path === '/api/v1/previews') {
        const { studyInstanceUID, peer } = body as { studyInstanceUID: string; peer: string };
        return json(res, 200, standInPreview(studyInstanceUID, peer));
      }
      if (req.method === 'POST' && path === '/api/v1/shares') {
        const id = `share-${shares.size + 1}`;
        shares.set(id, (body as { studyInstanceUID: string }).studyInstanceUID);
        return json(res, 202, { id });
      }
      const match = /^\/api\/v1\/shares\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && match?.[1] && shares.has(match[1])) {
        return json(res, 200, { id: match[1], status: overall(progress), studyInstanceUID: shares.get(match[1]), peers: progress });
      }
      return error(res, 404, 'not_found', `No route ${req.method} ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    setProgress: (peers) => (progress = peers),
    failAll: (status) => (failing = status),
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function overall(peers: StandInPeerShare[]): StandInPeerShare['status'] {
  if (peers.length === 0 || peers.every((p) => p.status === 'queued')) return 'queued';
  if (peers.some((p) => p.status === 'queued' || p.status === 'running')) return 'running';
  if (peers.every((p) => p.status === 'done')) return 'done';
  if (peers.every((p) => p.status === 'failed')) return 'failed';
  return 'partial';
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(text);
      }
    });
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: { code, message } });
}
