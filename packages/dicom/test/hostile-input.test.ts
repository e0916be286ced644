/** The reader against hostile input: it refuses, with a reason, what would cost unbounded memory or be misread. */
import { deflateRawSync } from 'node:zlib';
import { decodeText, DicomParseError, MAX_ELEMENTS, parseDicom } from '@deid-share/dicom';

function part10(transferSyntax: string, body: Uint8Array): Uint8Array {
  const uid = Buffer.from(transferSyntax.length % 2 ? `${transferSyntax}\0` : transferSyntax, 'latin1');
  const meta = Buffer.concat([Buffer.from([0x02, 0x00, 0x10, 0x00, 0x55, 0x49, uid.length, 0]), uid]);
  const groupLength = Buffer.from([0x02, 0x00, 0x00, 0x00, 0x55, 0x4c, 4, 0, meta.length, 0, 0, 0]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), groupLength, meta, body]);
}

/** `count` empty Study Description (0008,1030) elements in explicit VR little endian: 8 bytes each. */
function emptyElements(count: number): Uint8Array {
  const one = Buffer.from([0x08, 0x00, 0x30, 0x10, 0x4c, 0x4f, 0, 0]);
  return Buffer.concat(Array.from({ length: count }, () => one));
}

function parseError(bytes: Uint8Array, options?: Parameters<typeof parseDicom>[1]): DicomParseError {
  try {
    parseDicom(bytes, options);
  } catch (error) {
    if (error instanceof DicomParseError) return error;
    throw error;
  }
  throw new Error('parsed without an error');
}

test.each(['9.9.9.9', '1.2.840.10008.1.2.4.53', '1.2.840.10008.1.2.4.95'])('refuses Transfer Syntax UID %s, naming it', (uid) => {
  expect(parseError(part10(uid, emptyElements(1))).message).toContain(`Transfer Syntax UID (0002,0010) is "${uid}"`);
});

test.each(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.5', '1.2.840.10008.1.2.2'])('reads Transfer Syntax UID %s', (uid) => {
  expect(parseDicom(part10(uid, emptyElements(1))).transferSyntaxUID).toBe(uid);
});

test('refuses more elements than MAX_ELEMENTS, which a small deflated file could otherwise hold', () => {
  const body = emptyElements(MAX_ELEMENTS + 1);
  const deflated = deflateRawSync(body);
  expect(deflated.length).toBeLessThan(64 * 1024);
  expect(parseError(part10('1.2.840.10008.1.2.1.99', deflated)).message).toMatch(/more than 500000 elements/);
});

test('refuses a deflated data set that inflates beyond the limit, and reads one within it', () => {
  const deflated = part10('1.2.840.10008.1.2.1.99', deflateRawSync(emptyElements(1000)));
  expect(parseError(deflated, { maxInflatedBytes: 4000 }).message).toMatch(/inflates to more than .* MiB.*deflate bomb/);
  expect(parseDicom(deflated, { maxInflatedBytes: 8000 }).dataset.size).toBe(1);
});

test.each(['ISO_IR 100', 'ISO_IR 148'])('a long %s value decodes exactly as its short pieces do, across chunk boundaries', (charset) => {
  const piece = Uint8Array.from({ length: 250 }, (_, i) => 0x20 + ((i * 7) % 0xe0));
  const long = Buffer.concat(Array.from({ length: 100 }, () => piece));
  expect(decodeText(long, [charset], 'LT')).toBe(decodeText(piece, [charset], 'LT').repeat(100));
});
