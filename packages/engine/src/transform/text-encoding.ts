/**
 * Encodes text the engine changed (a cleaned descriptor) in the data set's own character set, or returns
 * undefined where that cannot be done faithfully (ISO 2022 code extensions), so the caller empties the value.
 */
export function encodeInCharacterSet(text: string, charset: readonly string[]): Uint8Array | undefined {
  const padded = text.length % 2 === 1 ? `${text} ` : text;
  if (/^[\x20-\x7e\r\n\t\f]*$/.test(padded)) return Uint8Array.from(padded, (char) => char.charCodeAt(0));
  const primary = charset[0] ?? '';
  if (charset.length <= 1 && primary === 'ISO_IR 192') {
    const bytes = new TextEncoder().encode(text);
    return bytes.length % 2 === 1 ? Uint8Array.from([...bytes, 0x20]) : bytes;
  }
  if (charset.length <= 1 && primary === 'ISO_IR 100' && /^[\x20-\xff]*$/.test(padded)) {
    return Uint8Array.from(padded, (char) => char.charCodeAt(0));
  }
  return undefined;
}
