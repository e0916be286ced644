/** Reads RFC 4180 CSV: quoted cells may hold commas, quotes ("") and line breaks; CRLF or LF rows. */
export function parseCsv(text: string, source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the first cell
  for (; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[index + 1] === '"') (cell += '"'), index++;
      else quoted = false;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += char;
  }
  if (quoted) throw new Error(`${source}: a quoted cell is not closed before the end of the file; check the quotes of the last row`);
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}
