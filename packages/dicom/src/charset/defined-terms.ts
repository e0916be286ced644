/** Specific Character Set (0008,0005) defined terms (PS3.3 Tables C.12-2 to C.12-5) and what they mean for decoding. */
import * as E from './code-elements.js';
import { UnknownCharacterSetError } from './errors.js';

/** The code elements invoked at the start of a value and after every reset (PS3.5 §6.1.2.5.3). */
export interface CodeState {
  readonly g0: E.G0Element;
  readonly g1: E.G1Element;
}

export type CharacterSetScheme =
  /** Everything ISO 2022 based, with or without code extensions (escape sequences). */
  | { readonly kind: 'iso2022'; readonly initial: CodeState; readonly codeExtensions: boolean }
  /** Multi-byte sets that allow no code extensions (PS3.3 Table C.12-5): one decoder for the whole value. */
  | { readonly kind: 'standalone'; readonly decode: (bytes: Uint8Array) => string };

const ascii = (g1: E.G1Element): CodeState => ({ g0: E.ISO_IR_6, g1 });

/** Initial state for each single-byte term; "ISO_IR n" and "ISO 2022 IR n" name the same sets. */
const SINGLE_BYTE: ReadonlyArray<readonly [number, CodeState]> = [
  [6, ascii(E.NO_G1)],
  [13, { g0: E.ISO_IR_14, g1: E.ISO_IR_13 }],
  [100, ascii(E.ISO_IR_100)],
  [101, ascii(E.ISO_IR_101)],
  [109, ascii(E.ISO_IR_109)],
  [110, ascii(E.ISO_IR_110)],
  [126, ascii(E.ISO_IR_126)],
  [127, ascii(E.ISO_IR_127)],
  [138, ascii(E.ISO_IR_138)],
  [144, ascii(E.ISO_IR_144)],
  [148, ascii(E.ISO_IR_148)],
  [166, ascii(E.ISO_IR_166)],
  [203, ascii(E.ISO_IR_203)],
];

/**
 * Multi-byte sets are reached through escape sequences and are only valid as values 2..n. Should one be value 1,
 * G0 stays ASCII; the Korean and Chinese G1 sets are invoked from the start, which also reads the common
 * non-conformant "ISO 2022 IR 149" files that store plain EUC-KR without escape sequences.
 */
const MULTI_BYTE_WITH_EXTENSIONS: ReadonlyArray<readonly [string, CodeState]> = [
  ['ISO 2022 IR 87', ascii(E.NO_G1)],
  ['ISO 2022 IR 159', ascii(E.NO_G1)],
  ['ISO 2022 IR 149', ascii(E.ISO_IR_149)],
  ['ISO 2022 IR 58', ascii(E.ISO_IR_58)],
];

const INITIAL_STATE = new Map<string, CodeState>([
  ['', ascii(E.NO_G1)],
  ...SINGLE_BYTE.map(([ir, state]) => [`ISO_IR ${ir}`, state] as const),
  ...SINGLE_BYTE.map(([ir, state]) => [`ISO 2022 IR ${ir}`, state] as const),
  ...MULTI_BYTE_WITH_EXTENSIONS,
]);

const STANDALONE = new Map<string, (bytes: Uint8Array) => string>([
  // ignoreBOM keeps a leading U+FEFF in the text instead of silently dropping bytes that were in the value.
  ['ISO_IR 192', E.whatwg('utf-8', { ignoreBOM: true })],
  ['GB18030', E.whatwg('gb18030')],
  ['GBK', E.whatwg('gbk')],
]);

/** How to decode text under the given defined terms; throws UnknownCharacterSetError for terms it cannot honour. */
export function characterSetScheme(terms: readonly string[]): CharacterSetScheme {
  for (const term of terms) {
    if (!INITIAL_STATE.has(term) && !STANDALONE.has(term)) throw new UnknownCharacterSetError(term);
  }
  const first = terms[0] ?? '';
  const standalone = terms.find((term) => STANDALONE.has(term));
  if (standalone !== undefined) {
    if (terms.length > 1) {
      throw new UnknownCharacterSetError(standalone, 'allows no code extensions, so it cannot be combined with other terms');
    }
    return { kind: 'standalone', decode: STANDALONE.get(standalone)! };
  }
  // Several values, or any "ISO 2022" term, announce code extensions (PS3.3 C.12.1.1.2).
  const codeExtensions = terms.length > 1 || terms.some((term) => term.startsWith('ISO 2022'));
  return { kind: 'iso2022', initial: INITIAL_STATE.get(first)!, codeExtensions };
}
