import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { corpusFiles, corpusRoot } from './corpus.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the test corpus', () => {
  const files = corpusFiles();

  it('lists every file it holds, with its size, and nothing else', () => {
    const bookkeeping = /^(MANIFEST\.csv|SOURCES\.md|[^/]+\/LICENSE[^/]*)$/;
    const onDisk = filesUnder(corpusRoot())
      .map((file) => relative(corpusRoot(), file).split('\\').join('/'))
      .filter((path) => !bookkeeping.test(path))
      .sort();
    expect(files.map((file) => file.path).sort()).toEqual(onDisk);
    for (const file of files) expect(statSync(file.absolutePath).size).toBe(file.bytes);
  });

  it('keeps the licence of every source next to its files', () => {
    for (const source of new Set(files.map((file) => file.source))) {
      expect(readdirSync(join(corpusRoot(), source)).some((name) => name.startsWith('LICENSE'))).toBe(true);
    }
  });

  it('holds none of the OsiriX images, which may not be redistributed', () => {
    const restricted = /\/(Beaufix|Brainix|Comunix|Knee|Knix|Phenix)\/|DummyCT|PilatesArgentur/;
    expect(files.filter((file) => restricted.test(file.path))).toEqual([]);
  });

  it('reads typed rows, quoted cells included', () => {
    const [jpegLossless] = corpusFiles((file) => file.path === 'orthanc-tests/Database/TransferSyntaxes/1.2.840.10008.1.2.4.70.dcm');
    expect(jpegLossless).toMatchObject({
      source: 'orthanc-tests',
      hasPreamble: true,
      kind: 'dicom',
      transferSyntax: '1.2.840.10008.1.2.4.70',
      transferSyntaxName: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
      modality: 'CT',
    });
    const [korean] = corpusFiles((file) => file.path.endsWith('charset_files/chrI2.dcm'));
    expect(korean?.characterSet).toBe('\\ISO 2022 IR 149');
    expect(existsSync(korean!.absolutePath)).toBe(true);
  });

  it('covers every transfer syntax the readers must handle', () => {
    const transferSyntaxes = new Set(files.map((file) => file.transferSyntax));
    for (const uid of [
      '1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2',
      '1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70',
      '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91',
      '1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.203', '1.2.840.10008.1.2.5', '1.2.840.10008.1.2.8.1',
    ]) {
      expect([uid, transferSyntaxes.has(uid)]).toEqual([uid, true]);
    }
    expect(files.some((file) => file.kind === 'dicom-no-preamble' && file.transferSyntax === '')).toBe(true);
  });
});
