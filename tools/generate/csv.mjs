// RFC 4180 CSV reader for the data files under data/: quoted fields, doubled quotes, CRLF or LF,
// an optional UTF-8 byte order mark (the TCIA file starts with one). No dependencies on purpose.

/**
 * Parses CSV text into rows of raw cell strings (cells are not trimmed: callers decide what a stray
 * space means). Every row must have as many cells as the header.
 * @param {string} text
 * @param {string} fileLabel repository path of the file, used in error messages
 * @returns {{ header: string[], rows: { line: number, cells: string[] }[] }}
 */
export function parseCsv(text, fileLabel) {
  const records = splitRecords(text.replace(/^\uFEFF/, ''), fileLabel);
  const [first, ...rest] = records;
  if (first === undefined) throw new Error(`${fileLabel}: the file is empty; restore it from the source named in data/PROVENANCE.md`);
  for (const record of rest) {
    if (record.cells.length !== first.cells.length) {
      throw new Error(
        `${fileLabel} line ${record.line}: ${record.cells.length} cells where the header has ${first.cells.length}; ` +
          'fix the quoting of that line in the data file',
      );
    }
  }
  return { header: first.cells, rows: rest };
}

/** @returns {{ line: number, cells: string[] }[]} */
function splitRecords(text, fileLabel) {
  const records = [];
  let cells = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line++;
      recordLine = line;
    } else {
      cell += char;
    }
  }
  if (quoted) throw new Error(`${fileLabel} line ${recordLine}: a quoted cell is never closed; fix the quoting of that line`);
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  return records;
}
