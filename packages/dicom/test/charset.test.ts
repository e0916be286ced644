import { describe, expect, it } from '@jest/globals';
import { decodeText, encodeAsciiText, parseSpecificCharacterSet, UnknownCharacterSetError } from '../src/charset.js';

/** Bytes written as hex, spaces allowed, so vectors can be compared with the standard's tables by eye. */
function hex(text: string): Uint8Array {
  const digits = text.replace(/\s+/g, '');
  return Uint8Array.from({ length: digits.length / 2 }, (_, i) => parseInt(digits.slice(2 * i, 2 * i + 2), 16));
}

const ascii = (text: string): string => Buffer.from(text, 'latin1').toString('hex');
const ESC = '1b';

describe('parseSpecificCharacterSet', () => {
  it('splits on backslash and trims the padding of each defined term', () => {
    expect(parseSpecificCharacterSet('ISO_IR 100')).toEqual(['ISO_IR 100']);
    expect(parseSpecificCharacterSet('ISO 2022 IR 13\\ISO 2022 IR 87 ')).toEqual(['ISO 2022 IR 13', 'ISO 2022 IR 87']);
  });

  it('keeps an empty first value, which stands for the default repertoire', () => {
    expect(parseSpecificCharacterSet('\\ISO 2022 IR 149')).toEqual(['', 'ISO 2022 IR 149']);
  });

  it('gives no terms for an empty value', () => {
    expect(parseSpecificCharacterSet('')).toEqual([]);
    expect(parseSpecificCharacterSet('  ')).toEqual([]);
  });
});

describe('decodeText: examples of PS3.5 Annexes H, I, J and K', () => {
  it('H.3.1: Japanese with ISO 2022 IR 87 and the default repertoire', () => {
    const bytes = hex(`
      59 61 6d 61 64 61 5e 54 61 72 6f 75 3d 1b 24 42 3b 33 45 44 1b 28 42 5e 1b 24 42 42 40 4f 3a 1b 28 42 3d
      1b 24 42 24 64 24 5e 24 40 1b 28 42 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 42`);
    expect(decodeText(bytes, ['', 'ISO 2022 IR 87'], 'PN')).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
  });

  it('H.3.2: Japanese with ISO 2022 IR 13 as value 1 (half-width katakana in G1, JIS X 0201 Romaji in G0)', () => {
    const bytes = hex(`
      d4 cf c0 de 5e c0 db b3 3d 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a 3d
      1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a`);
    expect(decodeText(bytes, ['ISO 2022 IR 13', 'ISO 2022 IR 87'], 'PN')).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
  });

  it('I.2: Korean person name, KS X 1001 designated into G1 in each component', () => {
    const bytes = hex(`
      48 6f 6e 67 5e 47 69 6c 64 6f 6e 67 3d 1b 24 29 43 fb f3 5e 1b 24 29 43 d1 ce d4 d7 3d
      1b 24 29 43 c8 ab 5e 1b 24 29 43 b1 e6 b5 bf`);
    expect(decodeText(bytes, ['', 'ISO 2022 IR 149'], 'PN')).toBe('Hong^Gildong=洪^吉洞=홍^길동');
  });

  it('I.3: Korean long text, G1 designated at the head of each line and ASCII mixed in without escapes', () => {
    const hangul = 'c7 d1 b1 db';
    const bytes = hex(`
      ${ESC} 24 29 43 ${ascii('The first line includes ')} ${hangul} ${ascii('.\r\n')}
      ${ESC} 24 29 43 ${ascii('The second line includes ')} ${hangul} ${ascii(', too.\r\n')}
      ${ascii('The third line.')}`);
    expect(decodeText(bytes, ['', 'ISO 2022 IR 149'], 'LT')).toBe(
      'The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line.',
    );
  });

  it('J.3: Chinese person name in GB18030', () => {
    const bytes = hex('57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d cd f5 5e d0 a1 b6 ab 3d');
    expect(decodeText(bytes, ['GB18030'], 'PN')).toBe('Wang^XiaoDong=王^小东=');
  });

  it('J.4: Chinese long text in GB18030', () => {
    const bytes = hex(`
      54 68 65 20 66 69 72 73 74 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 d6 d0 ce c4
      2e 0d 0a 54 68 65 20 73 65 63 6f 6e 64 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 d6 d0 ce c4
      2c 20 74 6f 6f 2e 0d 0a 54 68 65 20 74 68 69 72 64 20 6c 69 6e 65 2e 0d 0a`);
    expect(decodeText(bytes, ['GB18030'], 'LT')).toBe(
      'The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n',
    );
  });

  it('K.2: Chinese person name with GB 2312 code extensions (ISO 2022 IR 58), trailing space padding kept', () => {
    const bytes = hex(`
      5a 68 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d 1b 24 29 41 d5 c5 5e 1b 24 29 41 d0 a1 b6 ab 3d 20`);
    expect(decodeText(bytes, ['', 'ISO 2022 IR 58'], 'PN')).toBe('Zhang^XiaoDong=张^小东= ');
  });

  it('K.3: Chinese long text, GB 2312 invoked again after every CR LF', () => {
    const bytes = hex(`
      31 2e 1b 24 29 41 b5 da d2 bb d0 d0 ce c4 d7 d6 a1 a3 0d 0a
      32 2e 1b 24 29 41 b5 da b6 fe d0 d0 ce c4 d7 d6 a1 a3 0d 0a
      33 2e 1b 24 29 41 b5 da c8 fd d0 d0 ce c4 d7 d6 a1 a3 0d 0a`);
    expect(decodeText(bytes, ['', 'ISO 2022 IR 58'], 'LT')).toBe('1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n');
  });
});

/**
 * Patient's Name bytes read from pydicom's charset_files (David Clunie's SCS* set, downsized) and from the other
 * character-set files of the corpus; the readings follow pydicom's FileInfo.txt.
 */
describe('decodeText: Patient Name of real character-set files', () => {
  const cases: ReadonlyArray<readonly [file: string, terms: string[], bytes: string, expected: string]> = [
    ['chrArab.dcm', ['ISO_IR 127'], 'e2c8c7e6ea5ee4e6d2c7d120', 'قباني^لنزار '],
    ['chrFren.dcm', ['ISO_IR 100'], '4275635e4ae972f46d65', 'Buc^Jérôme'],
    ['chrGerm.dcm', ['ISO_IR 100'], 'c46e6561735e52fc646967657220', 'Äneas^Rüdiger '],
    ['chrGreek.dcm', ['ISO_IR 126'], 'c4e9efedf5f3e9eff220', 'Διονυσιος '],
    ['chrHbrw.dcm', ['ISO_IR 138'], 'f9f8e5ef5ee3e1e5f8e4', 'שרון^דבורה'],
    // The file itself mixes Cyrillic with the Latin letters c, e, y and p.
    ['chrRuss.dcm', ['ISO_IR 144'], 'bbeeda6365dcd17970d3', '\u041b\u044e\u043ace\u043c\u0431yp\u0433'],
    ['chrX1.dcm', ['ISO_IR 192'], '57616e675e5869616f446f6e673de78e8b5ee5b08fe69db13d20', 'Wang^XiaoDong=王^小東= '],
    ['chrX2.dcm', ['GB18030'], '57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d', 'Wang^XiaoDong=王^小东='],
    [
      'chrH31.dcm',
      ['', 'ISO 2022 IR 87'],
      '59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842',
      'Yamada^Tarou=山田^太郎=やまだ^たろう',
    ],
    [
      'chrH32.dcm',
      ['ISO 2022 IR 13', 'ISO 2022 IR 87'],
      'd4cfc0de5ec0dbb33d1b24423b3345441b284a5e1b244242404f3a1b284a3d1b24422464245e24401b284a5e1b2442243f246d24261b284a',
      'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
    ],
    [
      // The sequence item of chrSQEncoding.dcm switches G0 back with ESC ( B (ASCII) instead of ESC ( J.
      'chrSQEncoding.dcm',
      ['ISO 2022 IR 13', 'ISO 2022 IR 87'],
      'd4cfc0de5ec0dbb33d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842',
      'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
    ],
    [
      'chrI2.dcm',
      ['', 'ISO 2022 IR 149'],
      '486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf',
      'Hong^Gildong=洪^吉洞=홍^길동',
    ],
    ['chrJapMulti.dcm', ['', 'ISO 2022 IR 87'], '1b24422464245e24401b28425e1b2442243f246d24261b284220', 'やまだ^たろう '],
    [
      'chrJapMultiExplicitIR6.dcm',
      ['ISO 2022 IR 6', 'ISO 2022 IR 87'],
      '1b24422464245e24401b28425e1b2442243f246d24261b284220',
      'やまだ^たろう ',
    ],
    ['chrKoreanMulti.dcm', ['', 'ISO 2022 IR 149'], '1b242943b1e8c8f1c1df1b284220', '김희중 '],
    ['fo-dicom chrGB2312.dcm', ['', 'ISO 2022 IR 58'], '5a68616e675e5869616f446f6e673d1b242941d5c55e1b242941d0a1b6ab3d20', 'Zhang^XiaoDong=张^小东= '],
    ['orthanc Lena-ascii.dcm', ['ISO_IR 6'], '546573742d20', 'Test- '],
    ['orthanc Lena-latin1.dcm', ['ISO_IR 100'], '546573742de9fce4f6f2', 'Test-éüäöò'],
    ['orthanc Lena-latin2.dcm', ['ISO_IR 101'], '546573742de9fce4f620', 'Test-éüäö '],
    ['orthanc Lena-latin3.dcm', ['ISO_IR 109'], '546573742de9fce4f6f2f8a9', 'Test-éüäöòĝİ'],
    ['orthanc Lena-latin4.dcm', ['ISO_IR 110'], '546573742de9fce4f6f3', 'Test-éüäöķ'],
    ['orthanc Lena-latin5.dcm', ['ISO_IR 148'], '546573742de9fce4f6f2dd20', 'Test-éüäöòİ '],
    ['orthanc Lena-cyrillic.dcm', ['ISO_IR 144'], '546573742db4fb20', 'Test-Дћ '],
    ['orthanc Lena-greek.dcm', ['ISO_IR 126'], '546573742dc8', 'Test-Θ'],
    ['orthanc Lena-hebrew.dcm', ['ISO_IR 138'], '546573742de3', 'Test-ד'],
    ['orthanc Lena-arabic.dcm', ['ISO_IR 127'], '546573742dd5', 'Test-ص'],
    ['orthanc Lena-tis-620.dcm', ['ISO_IR 166'], '546573742dfb', 'Test-๛'],
    // Declared ISO_IR 13 but stored as double-byte Shift_JIS; read leniently as Shift_JIS.
    ['orthanc Lena-shift-jis.dcm', ['ISO_IR 13'], '546573742d844483a6c8', 'Test-ДΘﾈ'],
    [
      'orthanc Lena-utf8.dcm',
      ['ISO_IR 192'],
      '546573742dc3a9c3bcc3a4c3b6c3b2d094ce98c49dd793d8b5c4b7d19be0b99befbe88c4b020',
      'Test-éüäöòДΘĝדصķћ๛ﾈİ ',
    ],
  ];

  it.each(cases)('%s (%j)', (_file, terms, bytes, expected) => {
    expect(decodeText(hex(bytes), terms, 'PN')).toBe(expected);
  });

  it('reads multi-valued names whole; values are split afterwards (chrFrenMulti.dcm, chrJapMulti.dcm)', () => {
    expect(decodeText(hex('4275635e4ae972f46d655c4275635e4ae972f46d6520'), ['ISO_IR 100'], 'PN')).toBe('Buc^Jérôme\\Buc^Jérôme ');
    const japanese = '1b24422464245e24401b28425e1b2442243f246d24261b2842';
    expect(decodeText(hex(`${japanese}5c${japanese}20`), ['', 'ISO 2022 IR 87'], 'PN')).toBe('やまだ^たろう\\やまだ^たろう ');
  });

  it('reads long text with code extensions (chrJapMulti.dcm and chrKoreanMulti.dcm, Additional Patient History)', () => {
    expect(decodeText(hex('1b2442243f246d24261b2842'), ['', 'ISO 2022 IR 87'], 'LT')).toBe('たろう');
    expect(decodeText(hex('1b242943b1e8c8f1c1df1b284220'), ['', 'ISO 2022 IR 149'], 'LT')).toBe('김희중 ');
  });

  it('reads Latin-2 code strings of MarekLatin2.dcm', () => {
    expect(decodeText(hex('4aea7a796b20747265b66369'), ['ISO_IR 101'], 'LO')).toBe('Język treści');
    expect(decodeText(hex('496d69ea2069204e617a7769736b6f206f736f6279206f706973756ab163656a'), ['ISO_IR 101'], 'LO')).toBe(
      'Imię i Nazwisko osoby opisującej',
    );
  });

  it('reads a single "ISO 2022 IR 100" term like ISO_IR 100 (orthanc CR000000.dcm)', () => {
    expect(decodeText(hex('42e4636b656e'), ['ISO 2022 IR 100'], 'LO')).toBe('Bäcken');
  });
});

describe('decodeText: resetting to the initial character set', () => {
  it('does not reset at a "^" byte that is half of a JIS X 0208 character', () => {
    // "$^" is the hiragana MA; a naive reset at 0x5E would cut it in two.
    expect(decodeText(hex('1b24422464245e24401b2842'), ['', 'ISO 2022 IR 87'], 'PN')).toBe('やまだ');
  });

  it('resets at CR LF in text even when the writer did not switch back to ASCII', () => {
    const bytes = hex(`1b2442 3b334544 0d0a ${ascii('ABC')}`);
    expect(decodeText(bytes, ['', 'ISO 2022 IR 87'], 'LT')).toBe('山田\r\nABC');
  });

  it('resets at the value delimiter of multi-valued VRs, but not inside ST, LT and UT', () => {
    const bytes = hex(`${ESC}2d46 c4 5c c4`); // ESC - F designates Greek into G1
    expect(decodeText(bytes, ['', 'ISO 2022 IR 126'], 'LO')).toBe('Δ\\Ä');
    expect(decodeText(bytes, ['', 'ISO 2022 IR 126'], 'LT')).toBe('Δ\\Δ');
  });

  it('needs G1 designated again in every person name component (PS3.5 K.2 note)', () => {
    const bytes = hex(`${ESC}242943 fbf3 3d c8ab`);
    expect(decodeText(bytes, ['', 'ISO 2022 IR 149'], 'PN')).toBe('洪=È«');
  });
});

describe('decodeText: further character sets', () => {
  it('reads JIS X 0212 (ISO 2022 IR 159) through its escape sequence', () => {
    expect(decodeText(hex('1b242844 3021 1b2842'), ['', 'ISO 2022 IR 87', 'ISO 2022 IR 159'], 'PN')).toBe('丂');
  });

  it('reads Latin-9 (ISO_IR 203), with and without code extensions', () => {
    expect(decodeText(hex('a4'), ['ISO_IR 203'], 'LO')).toBe('€');
    expect(decodeText(hex(`${ascii('EUR ')}${ESC}2d62 a4`), ['', 'ISO 2022 IR 203'], 'LO')).toBe('EUR €');
  });

  it('reads Thai (ISO_IR 166)', () => {
    expect(decodeText(hex('a1b9'), ['ISO_IR 166'], 'LO')).toBe('กน');
  });

  it('reads GBK characters outside GB 2312 and four-byte GB18030 sequences', () => {
    expect(decodeText(hex('e946'), ['GBK'], 'LO')).toBe('镕');
    expect(decodeText(hex('9439fc36'), ['GB18030'], 'LO')).toBe('😀');
  });

  it('reads 0x80-0x9F as C1 controls in ISO 8859 parts, not as Windows code page letters', () => {
    expect(decodeText(hex('80 9f'), ['ISO_IR 148'], 'LO')).toBe('\u0080\u009f');
    expect(decodeText(hex('80'), ['ISO_IR 100'], 'LO')).toBe('\u0080');
  });

  it('reads bytes above 0x7F as Latin-1 under the default repertoire, where they are not defined', () => {
    expect(decodeText(hex('4275635e4ae972f46d65'), [], 'PN')).toBe('Buc^Jérôme');
    expect(decodeText(hex('4275635e4ae972f46d65'), ['ISO_IR 6'], 'PN')).toBe('Buc^Jérôme');
  });

  it('keeps a UTF-8 byte order mark as U+FEFF rather than dropping those bytes', () => {
    expect(decodeText(hex('efbbbf 41'), ['ISO_IR 192'], 'LO')).toBe('\ufeffA');
  });

  it('turns bytes the declared set does not define into U+FFFD', () => {
    expect(decodeText(hex('41 ff 42'), ['ISO_IR 192'], 'LO')).toBe('A\ufffdB');
    expect(decodeText(hex('a1'), ['ISO_IR 127'], 'LO')).toBe('\ufffd');
  });

  it('keeps ESC as a control character when the character set has no code extensions', () => {
    expect(decodeText(hex('1b2842'), ['ISO_IR 100'], 'LO')).toBe('\u001b(B');
  });

  it('reads other VRs byte for byte, whatever the character set', () => {
    expect(decodeText(hex('e9'), ['ISO_IR 192'], 'CS')).toBe('é');
    expect(decodeText(hex('1b2442'), ['', 'ISO 2022 IR 87'], 'UI')).toBe('\u001b$B');
  });
});

describe('decodeText: what it refuses', () => {
  function thrown(run: () => unknown): UnknownCharacterSetError {
    try {
      run();
    } catch (error) {
      if (error instanceof UnknownCharacterSetError) return error;
      throw error;
    }
    throw new Error('expected an UnknownCharacterSetError');
  }

  it('throws UnknownCharacterSetError naming an unknown defined term', () => {
    const error = thrown(() => decodeText(hex('41'), ['ISO_IR 999'], 'LO'));
    expect(error.term).toBe('ISO_IR 999');
    expect(error.message).toContain('"ISO_IR 999"');
    expect(thrown(() => decodeText(hex('41'), ['', 'ISO 2022 IR 87', 'KOI8-R'], 'PN')).term).toBe('KOI8-R');
  });

  it('throws for a term that allows no code extensions combined with others', () => {
    expect(thrown(() => decodeText(hex('41'), ['ISO_IR 192', 'ISO 2022 IR 87'], 'LO')).term).toBe('ISO_IR 192');
  });

  it('throws for escape sequences DICOM does not define, and for a cut-off one', () => {
    expect(thrown(() => decodeText(hex('1b242851 2121'), ['', 'ISO 2022 IR 87'], 'PN')).term).toBe('ESC $ ( Q');
    expect(thrown(() => decodeText(hex('41 1b24'), ['', 'ISO 2022 IR 87'], 'PN')).message).toContain('incomplete');
  });
});

describe('encodeAsciiText', () => {
  const printableAscii = String.fromCharCode(...Array.from({ length: 0x5f }, (_, i) => 0x20 + i));

  it('encodes ASCII byte for byte', () => {
    expect(Buffer.from(encodeAsciiText('ANON^PATIENT')).toString('latin1')).toBe('ANON^PATIENT');
  });

  it.each([
    [[]],
    [['ISO_IR 100']],
    [['ISO_IR 13']],
    [['ISO_IR 192']],
    [['GB18030']],
    [['', 'ISO 2022 IR 87']],
    [['ISO 2022 IR 13', 'ISO 2022 IR 87']],
    [['', 'ISO 2022 IR 149']],
  ])('writes text that reads back unchanged under %j', (terms) => {
    expect(decodeText(encodeAsciiText(printableAscii), terms, 'LO')).toBe(printableAscii);
  });

  it('refuses non-ASCII characters, naming the first one', () => {
    expect(() => encodeAsciiText('Jérôme')).toThrow(/U\+00E9 at index 1/);
  });

  it('refuses ESC, which readers would take for an escape sequence', () => {
    expect(() => encodeAsciiText('A\u001b$B')).toThrow(/U\+001B at index 1/);
  });
});
