import { characterSetOf, parseTag, tagForKeyword, textOf, type DataElement, type DataSet, type Tag } from '@deid-share/dicom';

/**
 * CTP's signature language (DicomPixelAnonymizer and DicomFilter scripts): predicates `Element.method("text")`
 * joined with `*` (and), `+` (or), `!` (not) and parentheses; an element is a keyword or `[gggg,eeee]`.
 */
export type Signature =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Signature[] }
  | { readonly kind: 'not'; readonly operand: Signature }
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'test'; readonly tag: Tag; readonly method: Method; readonly argument: string };

const METHODS = {
  equals: (value: string, argument: string) => value === argument,
  equalsIgnoreCase: (value: string, argument: string) => value.toLowerCase() === argument.toLowerCase(),
  contains: (value: string, argument: string) => value.includes(argument),
  containsIgnoreCase: (value: string, argument: string) => value.toLowerCase().includes(argument.toLowerCase()),
  startsWith: (value: string, argument: string) => value.startsWith(argument),
  startsWithIgnoreCase: (value: string, argument: string) => value.toLowerCase().startsWith(argument.toLowerCase()),
  endsWith: (value: string, argument: string) => value.endsWith(argument),
  endsWithIgnoreCase: (value: string, argument: string) => value.toLowerCase().endsWith(argument.toLowerCase()),
  matches: (value: string, argument: string) => new RegExp(`^(?:${argument})$`).test(value),
  isLessThan: (value: string, argument: string) => Number(value) < Number(argument),
  isGreaterThan: (value: string, argument: string) => Number(value) > Number(argument),
} as const;
type Method = keyof typeof METHODS;

export class SignatureError extends Error {}

const TOKEN = /\s*(?:(\[[0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\])|(true\.|false\.)|([A-Za-z][A-Za-z0-9]*)|("(?:[^"\\]|\\.)*")|([*+!().]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) throw new SignatureError(`unexpected "${text.slice(start).trim().slice(0, 20)}"`);
    tokens.push(match.slice(1).find((group) => group !== undefined)!);
  }
  return tokens;
}

/** Parses a signature such as `Modality.equals("US") * Rows.equals("600")`. */
export function parseSignature(text: string): Signature {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const expect = (token: string): void => {
    if (tokens[pos] !== token) throw new SignatureError(`expected "${token}" but found "${tokens[pos] ?? 'the end'}"`);
    pos++;
  };
  const elementTag = (name: string): Tag => {
    if (name.startsWith('[')) return parseTag(name.slice(1, -1));
    const tag = tagForKeyword(name);
    if (tag === undefined) throw new SignatureError(`"${name}" is not a DICOM keyword`);
    return tag;
  };
  const factor = (): Signature => {
    const token = tokens[pos++];
    if (token === undefined) throw new SignatureError('the signature ends where a test was expected');
    if (token === '!') return { kind: 'not', operand: factor() };
    if (token === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    if (token === 'true.' || token === 'false.') return { kind: 'constant', value: token === 'true.' };
    const tag = elementTag(token);
    expect('.');
    const method = tokens[pos++] ?? '';
    if (!(method in METHODS)) throw new SignatureError(`"${method}" is not a known test (${Object.keys(METHODS).join(', ')})`);
    expect('(');
    const literal = tokens[pos++] ?? '';
    if (!literal.startsWith('"')) throw new SignatureError(`${method} needs a quoted text argument, found "${literal}"`);
    expect(')');
    return { kind: 'test', tag, method: method as Method, argument: JSON.parse(literal) as string };
  };
  const sequence = (operator: '*' | '+', next: () => Signature): Signature => {
    const operands = [next()];
    while (peek() === operator) {
      pos++;
      operands.push(next());
    }
    return operands.length === 1 ? operands[0]! : { kind: operator === '*' ? 'and' : 'or', operands };
  };
  const expression = (): Signature => sequence('+', () => sequence('*', factor));
  const result = expression();
  if (pos < tokens.length) throw new SignatureError(`unexpected "${tokens[pos]}" after a complete signature`);
  return result;
}

const NUMERIC_READERS: Partial<Record<string, [number, (view: DataView, offset: number) => number]>> = {
  US: [2, (view, offset) => view.getUint16(offset, true)],
  SS: [2, (view, offset) => view.getInt16(offset, true)],
  UL: [4, (view, offset) => view.getUint32(offset, true)],
  SL: [4, (view, offset) => view.getInt32(offset, true)],
  FL: [4, (view, offset) => view.getFloat32(offset, true)],
  FD: [8, (view, offset) => view.getFloat64(offset, true)],
};

/** An element's value as CTP compares it: text trimmed, binary numbers in decimal, several values joined by "\". */
function valueText(element: DataElement | undefined, dataset: DataSet): string {
  if (!element) return '';
  const reader = NUMERIC_READERS[element.vr];
  if (reader) {
    const [size, read] = reader;
    const view = new DataView(element.value.buffer, element.value.byteOffset, element.value.byteLength);
    const values: number[] = [];
    for (let offset = 0; offset + size <= element.value.length; offset += size) values.push(read(view, offset));
    return values.join('\\');
  }
  if (element.vr === 'SQ') return '';
  try {
    return textOf(element, characterSetOf(dataset)).trim();
  } catch {
    return ''; // text in a character set we cannot decode matches no test, as in CTP
  }
}

/** Whether the data set (and its file meta information, for group 0002 elements) has the signature. */
export function matchesSignature(signature: Signature, dataset: DataSet, meta: DataSet): boolean {
  switch (signature.kind) {
    case 'and':
      return signature.operands.every((operand) => matchesSignature(operand, dataset, meta));
    case 'or':
      return signature.operands.some((operand) => matchesSignature(operand, dataset, meta));
    case 'not':
      return !matchesSignature(signature.operand, dataset, meta);
    case 'constant':
      return signature.value;
    case 'test': {
      const source = signature.tag >>> 16 === 0x0002 ? meta : dataset;
      return METHODS[signature.method](valueText(source.get(signature.tag), dataset), signature.argument);
    }
  }
}
