import { MAX_TEXT_VALUE_BYTES } from '@deid-share/dicom';
import { inflateSync } from 'node:zlib';

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

const PRINTABLE_RUN = /[\x20-\x7e\xa0-\xff]{4,}/g;

/** Runs of 4 or more printable characters, as `strings` finds them: text hidden in binary values (STL headers, vendor blobs). */
export function printableRuns(bytes: Uint8Array): string {
  return (latin1.decode(bytes).match(PRINTABLE_RUN) ?? []).join('\n');
}

/** The streams of a PDF, inflated where they are Flate-compressed (the usual case for page content). */
function pdfStreams(raw: string): string[] {
  const streams: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    const bytes = Uint8Array.from(match[1]!, (char) => char.charCodeAt(0));
    try {
      // A stream that inflates beyond the text limit is searched as it is, not inflated: a bomb costs nothing.
      streams.push(latin1.decode(inflateSync(bytes, { maxOutputLength: MAX_TEXT_VALUE_BYTES })));
    } catch {
      streams.push(match[1]!);
    }
  }
  return streams;
}

/**
 * The text of a PDF as far as a scan needs it: literal strings of the document (metadata such as /Author) and of
 * its page content, with the pieces of a TJ array joined. Fonts with custom encodings are not decoded.
 */
function pdfText(bytes: Uint8Array): string {
  const raw = latin1.decode(bytes);
  const sources = [raw, ...pdfStreams(raw)].map((source) => source.replace(/\)\s*-?\d*\.?\d*\s*\(/g, ''));
  const strings = sources.flatMap((source) => [...source.matchAll(/\(((?:\\.|[^\\)])*)\)/g)].map((match) => match[1]!));
  return strings.map((text) => text.replace(/\\([nrt()\\])/g, (_, char: string) => ({ n: '\n', r: '\r', t: '\t' })[char] ?? char)).join('\n');
}

function markupText(bytes: Uint8Array): string {
  return utf8
    .decode(bytes)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The readable text of an Encapsulated Document (0042,0011) by its MIME type (0042,0012). */
export function documentText(bytes: Uint8Array, mimeType: string): string {
  const type = mimeType.trim().toLowerCase();
  if (type === 'application/pdf') return pdfText(bytes);
  if (type.startsWith('text/') || type.endsWith('+xml') || type === 'model/obj' || type === 'model/mtl') return markupText(bytes);
  return printableRuns(bytes);
}
