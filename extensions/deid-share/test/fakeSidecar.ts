import type { Peer, Share, ShareStatus } from '../src/api/types.js';

/** A scripted fetch for the client tests: answers by method and path, records requests. */
export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Answer = { status: number; body?: unknown; raw?: string } | Error;

export function scriptedFetch(answers: Record<string, Answer | Answer[]>) {
  const requests: Recorded[] = [];
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    requests.push({
      method,
      url,
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const key = `${method} ${new URL(url, 'http://viewer.test').pathname}`;
    const scripted = answers[key];
    const answer = Array.isArray(scripted) ? scripted.shift() : scripted;
    if (!answer) throw new Error(`no scripted answer for ${key}`);
    if (answer instanceof Error) throw answer;
    const text = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    return new Response(text === '' ? null : text, { status: answer.status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

export const peer: Peer = {
  name: 'lab-a',
  description: 'Imaging research lab A',
  profile: { id: 'basic', version: '1', title: 'Basic profile', summary: 'PS3.15 basic', options: ['retain-dates'], scheme: 'keyed-hash' },
};

/** A share job as the sidecar answers it (every field the contract requires). */
export function shareSnapshot(status: ShareStatus, done: number, total = 4): Share {
  return {
    id: 's1',
    status,
    studyInstanceUID: '1.2.3',
    orthancStudyId: '0a1b2c3d-0a1b2c3d-0a1b2c3d-0a1b2c3d-0a1b2c3d',
    requestedBy: 'dr-ana',
    origin: 'request',
    createdAt: '2026-01-01T10:00:00.000Z',
    peers: [
      {
        peer: 'lab-a',
        status,
        total,
        done,
        withheld: 0,
        refused: 0,
        failed: 0,
        profile: { id: 'basic', version: '1', sha256: 'ab'.repeat(32), options: ['retain-dates'] },
        reasons: [],
      },
    ],
  };
}
