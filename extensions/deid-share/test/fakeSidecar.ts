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

export const peer = {
  name: 'lab-a',
  description: 'Imaging research lab A',
  profile: { id: 'basic', version: '1', title: 'Basic profile', summary: 'PS3.15 basic', options: ['retain-dates'] },
};

export function shareSnapshot(status: 'queued' | 'running' | 'done' | 'partial' | 'failed', done: number, total = 4) {
  return {
    id: 's1',
    status,
    studyInstanceUID: '1.2.3',
    peers: [{ peer: 'lab-a', status, total, done, withheld: 0, refused: 0, failed: 0, reasons: [] }],
  };
}
