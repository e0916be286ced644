/** ISO 2022 decoding as DICOM uses it (PS3.5 §6.1.2.5): escape sequences switch code elements within a value. */
import { codeElementForEscape, type CodeElement } from './code-elements.js';
import type { CodeState } from './defined-terms.js';
import { UnknownCharacterSetError } from './errors.js';

const ESC = 0x1b;

export interface Iso2022Options {
  /** Whether ESC starts a designation; without code extensions it is an ordinary control character. */
  readonly codeExtensions: boolean;
  /** Bytes before which the initial code elements are active again (delimiters and control characters). */
  readonly resetBytes: ReadonlySet<number>;
}

/** Decodes a value: the bytes are cut into runs of constant G0/G1 designation, and each run is decoded by its code elements. */
export function decodeIso2022(bytes: Uint8Array, initial: CodeState, options: Iso2022Options): string {
  let state = initial;
  let text = '';
  let runStart = 0;
  const endRun = (end: number): void => {
    if (end > runStart) text += decodeRun(bytes.subarray(runStart, end), state);
  };
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i]!;
    if (byte === ESC && options.codeExtensions) {
      endRun(i);
      const { element, length } = readEscapeSequence(bytes, i);
      state = element.register === 'G0' ? { ...state, g0: element } : { ...state, g1: element };
      i += length;
      runStart = i;
      continue;
    }
    if (state !== initial && resetsBefore(byte, state, options.resetBytes)) {
      endRun(i);
      state = initial;
      runStart = i;
    }
    i++;
  }
  endRun(bytes.length);
  return text;
}

/**
 * While G0 holds a 94x94 set its GL bytes come in pairs, so a '^', '=' or '\' byte there is half of a character;
 * writers must switch G0 back to ASCII before a delimiter. Control characters are never part of a pair.
 */
function resetsBefore(byte: number, state: CodeState, resetBytes: ReadonlySet<number>): boolean {
  return resetBytes.has(byte) && (byte < 0x21 || !state.g0.multiByte);
}

function decodeRun(run: Uint8Array, { g0, g1 }: CodeState): string {
  if (!g0.multiByte) return g1.decode(run);
  let text = '';
  let start = 0;
  for (let i = 1; i <= run.length; i++) {
    if (i === run.length || run[i]! >= 0x80 !== run[start]! >= 0x80) {
      const part = run.subarray(start, i);
      text += part[0]! >= 0x80 ? g1.decode(part) : g0.decode(part);
      start = i;
    }
  }
  return text;
}

/** ISO 2022 escape sequence: ESC, intermediate bytes 0x20-0x2F, one final byte 0x30-0x7E. */
function readEscapeSequence(bytes: Uint8Array, escAt: number): { element: CodeElement; length: number } {
  let end = escAt + 1;
  while (end < bytes.length && bytes[end]! >= 0x20 && bytes[end]! <= 0x2f) end++;
  const hasFinal = end < bytes.length && bytes[end]! >= 0x30 && bytes[end]! <= 0x7e;
  const afterEsc = String.fromCharCode(...bytes.subarray(escAt + 1, hasFinal ? end + 1 : end));
  return { element: elementOrThrow(afterEsc, hasFinal), length: afterEsc.length + 1 };
}

function elementOrThrow(afterEsc: string, complete: boolean): CodeElement {
  const element = complete ? codeElementForEscape(afterEsc) : undefined;
  if (!element) {
    const spelled = ['ESC', ...afterEsc].join(' ');
    throw new UnknownCharacterSetError(spelled, complete ? 'is not an escape sequence DICOM defines' : 'is an incomplete escape sequence');
  }
  return element;
}
