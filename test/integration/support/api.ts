/** A small client for the sidecar's API, as a caller with one token. */
export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Api {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  as(token: string | undefined): Api {
    return new Api(this.url, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // text answers (metrics) stay text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }

  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }

  /** Polls a share job until it leaves queued/running (or the predicate holds). */
  async waitForJob(id: string, options: { timeoutMs?: number; until?: (job: any) => boolean } = {}): Promise<any> {
    const until = options.until ?? ((job: any) => job.status !== 'queued' && job.status !== 'running');
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const { status, body } = await this.get(`/api/v1/shares/${id}`);
      if (status !== 200) throw new Error(`GET /api/v1/shares/${id}: HTTP ${status} ${JSON.stringify(body)}`);
      if (until(body)) return body;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status} after ${options.timeoutMs ?? 60_000} ms: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
