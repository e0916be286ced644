import { Readable } from 'node:stream';

/** What callers may upload: one buffer, a list of chunks (sent as they are, not concatenated), or a stream. */
export type UploadBody = Uint8Array | readonly Uint8Array[] | Readable | AsyncIterable<Uint8Array>;

/** A request body the transport can send, and re-create for a retry when the source allows it. */
export interface PreparedBody {
  /** Returns the body for one attempt; for a one-shot stream, only the first call is valid. */
  create(): string | Uint8Array | Readable;
  /** Known up front for buffers and chunk lists, so Orthanc gets a Content-Length rather than chunked encoding. */
  length?: number;
  replayable: boolean;
}

export function jsonBody(value: unknown): PreparedBody {
  const text = JSON.stringify(value);
  return { create: () => text, length: Buffer.byteLength(text), replayable: true };
}

export function textBody(text: string): PreparedBody {
  return { create: () => text, length: Buffer.byteLength(text), replayable: true };
}

export function uploadBody(body: UploadBody): PreparedBody {
  if (body instanceof Uint8Array) return { create: () => body, length: body.byteLength, replayable: true };
  if (Array.isArray(body)) {
    const chunks = body as readonly Uint8Array[];
    return {
      create: () => Readable.from(chunks, { objectMode: false }),
      length: chunks.reduce((total, chunk) => total + chunk.byteLength, 0),
      replayable: true,
    };
  }
  const stream = body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>, { objectMode: false });
  return { create: () => stream, replayable: false };
}
