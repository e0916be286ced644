/** The DICOM test corpus in test/corpus: where it is, and its MANIFEST.csv as typed rows (see test/corpus/SOURCES.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CorpusFile {
  /** Path relative to the corpus root: `<source>/<path inside the source repository>`. */
  readonly path: string;
  readonly absolutePath: string;
  /** Source folder: pydicom, pydicom-data, orthanc-tests, fo-dicom, highdicom or pydicom-deid. */
  readonly source: string;
  readonly bytes: number;
  /** "DICM" at offset 128 (a Part 10 file with preamble). */
  readonly hasPreamble: boolean;
  /** dicom, dicom-no-preamble, unparseable, or non-dicom:<extension> for sidecar files. */
  readonly kind: string;
  /** Transfer Syntax UID from the File Meta; empty when there is no meta. */
  readonly transferSyntax: string;
  readonly transferSyntaxName: string;
  readonly sopClass: string;
  readonly sopClassName: string;
  readonly modality: string;
  /** Specific Character Set (0008,0005) as stored, e.g. "\ISO 2022 IR 87"; empty when absent. */
  readonly characterSet: string;
  readonly manufacturer: string;
  readonly frames: number | undefined;
  /** Number of odd-group (private) elements; undefined for files that were not read. */
  readonly privateTags: number | undefined;
  readonly hasOverlay: boolean;
  readonly hasPixelData: boolean;
  /** Burned In Annotation (0028,0301): YES, NO or empty. */
  readonly burnedInAnnotation: string;
  /** "ok", or the error pydicom met reading the file; empty for non-DICOM files. */
  readonly parse: string;
}

export function corpusRoot(): string {
  return fileURLToPath(new URL('../corpus/', import.meta.url));
}

/** The manifest rows, optionally filtered; e.g. `corpusFiles((f) => f.kind === 'dicom' && f.modality === 'US')`. */
export function corpusFiles(filter: (file: CorpusFile) => boolean = () => true): CorpusFile[] {
  const root = corpusRoot();
  const [header, ...rows] = parseCsv(readFileSync(join(root, 'MANIFEST.csv'), 'utf8'));
  if (!header) throw new Error('test/corpus/MANIFEST.csv is empty');
  return rows.map((cells) => toCorpusFile(root, recordOf(header, cells))).filter(filter);
}

function recordOf(header: string[], cells: string[]): (column: string) => string {
  if (cells.length !== header.length) throw new Error(`MANIFEST.csv: row "${cells[0]}" has ${cells.length} cells, expected ${header.length}`);
  return (column) => {
    const index = header.indexOf(column);
    if (index < 0) throw new Error(`MANIFEST.csv has no column "${column}"`);
    return cells[index]!;
  };
}

function toCorpusFile(root: string, cell: (column: string) => string): CorpusFile {
  const optionalNumber = (column: string): number | undefined => (cell(column) === '' ? undefined : Number(cell(column)));
  return {
    path: cell('path'),
    absolutePath: join(root, cell('path')),
    source: cell('source'),
    bytes: Number(cell('bytes')),
    hasPreamble: cell('dicm_magic') === 'Y',
    kind: cell('kind'),
    transferSyntax: cell('transfer_syntax'),
    transferSyntaxName: cell('ts_name'),
    sopClass: cell('sop_class'),
    sopClassName: cell('sop_name'),
    modality: cell('modality'),
    characterSet: cell('charset'),
    manufacturer: cell('manufacturer'),
    frames: optionalNumber('frames'),
    privateTags: optionalNumber('private_tags'),
    hasOverlay: cell('overlay') === 'Y',
    hasPixelData: cell('pixel_data') === 'Y',
    burnedInAnnotation: cell('burned_in'),
    parse: cell('parse'),
  };
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
