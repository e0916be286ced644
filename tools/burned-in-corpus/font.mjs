// A 5×7 bitmap font for planting text into test images: capitals, digits and the punctuation of names, IDs and
// dates. Drawn here (no font file, no system library), scaled by whole pixels, so every planted stroke is a known
// set of pixels and the ground-truth box is exact.

const GLYPHS = {
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '####. #...# #...# #...# #...# #...# ####.',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# ##..# ##..# #.#.# #..## #..## #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  0: '.###. #...# #...# #...# #...# #...# .###.',
  1: '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  2: '.###. #...# ....# ...#. ..#.. .#... #####',
  3: '.###. #...# ....# ..##. ....# #...# .###.',
  4: '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  5: '##### #.... ####. ....# ....# #...# .###.',
  6: '..##. .#... #.... ####. #...# #...# .###.',
  7: '##### ....# ...#. ..#.. .#... .#... .#...',
  8: '.###. #...# #...# .###. #...# #...# .###.',
  9: '.###. #...# #...# .#### ....# ...#. .##..',
  '-': '..... ..... ..... ##### ..... ..... .....',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  '/': '..... ....# ...#. ..#.. .#... #.... .....',
  ':': '..... .##.. .##.. ..... .##.. .##.. .....',
  ',': '..... ..... ..... ..... .##.. ..#.. .#...',
  ' ': '..... ..... ..... ..... ..... ..... .....',
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** Cell: the glyph and one column and one row of spacing. */
export const CELL_WIDTH = 6;
export const CELL_HEIGHT = 8;

const bitmaps = new Map(Object.entries(GLYPHS).map(([char, rows]) => [char, rows.split(' ').map((row) => [...row].map((c) => c === '#'))]));

/**
 * The pixels of `text` at `scale` (whole pixels per font pixel), as a bit mask of `width`×`height` (the text's
 * box: cells of 6×8 font pixels, the last column and row of spacing left out). `bold` widens every stroke by a
 * pixel to the right.
 */
export function rasterise(text, scale, bold = false) {
  const chars = [...text.toUpperCase()];
  for (const char of chars) if (!bitmaps.has(char)) throw new Error(`the test font has no glyph for ${JSON.stringify(char)}`);
  const width = (chars.length * CELL_WIDTH - 1) * scale + (bold ? 1 : 0);
  const height = GLYPH_HEIGHT * scale;
  const mask = new Uint8Array(width * height);
  chars.forEach((char, index) => {
    const rows = bitmaps.get(char);
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (!rows[gy][gx]) continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale + (bold ? 1 : 0); dx++) {
            mask[(gy * scale + dy) * width + (index * CELL_WIDTH + gx) * scale + dx] = 1;
          }
        }
      }
    }
  });
  return { width, height, mask };
}

/** The mask turned clockwise by 90° or 270°. */
export function turn(raster, degrees) {
  if (degrees === 0) return raster;
  const { width, height, mask } = raster;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const target = degrees === 90 ? x * height + (height - 1 - y) : (width - 1 - x) * height + y;
      out[target] = mask[y * width + x];
    }
  }
  return { width: height, height: width, mask: out };
}
