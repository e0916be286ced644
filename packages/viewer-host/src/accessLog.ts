/**
 * The host's log: one JSON line per request (method, path and query with secrets redacted, status, time, user)
 * and one per internal error. URLs and messages pass through the sidecar's redactUrl first: a log line never
 * holds a token, a sign-in code or a password.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { redactUrl } from '@deid-share/sidecar/auth';

export type LogWriter = (line: string) => void;

export const stderrLog: LogWriter = (line) => process.stderr.write(`${line}\n`);

export class AccessLog {
  constructor(private readonly write: LogWriter) {}

  /** Logs the request when its response is finished or abandoned; `user()` names the caller if one was found. */
  track(req: IncomingMessage, res: ServerResponse, user: () => string | undefined): void {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      this.#line({
        method: req.method,
        url: redactUrl(req.url ?? ''),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        ...(user() ? { user: user() } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    });
  }

  error(req: IncomingMessage, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#line({ level: 'error', method: req.method, url: redactUrl(req.url ?? ''), msg: redactUrl(message) });
  }

  #line(fields: Record<string, unknown>): void {
    this.write(JSON.stringify({ time: new Date().toISOString(), service: 'deid-share-viewer-host', ...fields }));
  }
}
