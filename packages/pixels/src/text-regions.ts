import { clipRect, type Rect } from './mask.js';
import { findText, type TextBox } from './ocr.js';
import type { GreyImage } from './render.js';

/** Burned-in text is drawn in a flat colour on a flat background: most pixels of its box sit near the darkest or brightest level. */
const CRISP_SHARE = 0.75;
/** A confidently read word needs less of that look (small fonts are mostly anti-aliased edges). */
const CONFIDENT = 60;
const CONFIDENT_CRISP_SHARE = 0.45;
const MIN_CONTRAST = 64;

/** Share of the box's pixels within a fifth of its range from its darkest or brightest level (0 for a flat box). */
export function crispness(image: GreyImage, box: Rect): number {
  const rect = clipRect(box, { rows: image.height, columns: image.width });
  if (!rect) return 0;
  let min = 255;
  let max = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const value = image.pixels[y * image.width + x]!;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (max - min < MIN_CONTRAST) return 0;
  const band = (max - min) / 5;
  let near = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const value = image.pixels[y * image.width + x]!;
      if (value - min <= band || max - value <= band) near++;
    }
  }
  return near / (rect.width * rect.height);
}

/**
 * Whether an OCR word is burned-in text rather than image structure read as letters: it has a letter or digit and
 * looks like drawn text (a little less so when it was read confidently). OCR confidence alone misses real text (a patient name in a
 * header bar can come back with confidence 0) and keeps speckle that happens to look like letters.
 */
export function isBurnedInText(image: GreyImage, word: TextBox): boolean {
  if (!/[\p{L}\p{N}]/u.test(word.text)) return false;
  const crisp = crispness(image, word);
  return crisp >= CRISP_SHARE || (word.confidence >= CONFIDENT && crisp >= CONFIDENT_CRISP_SHARE);
}

function grownBy(box: Rect, margin: number): Rect {
  return { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin };
}

/** A word's box grown by a margin that covers anti-aliased edges and the OCR engine's tight boxes. */
function padded(word: Rect, image: GreyImage): Rect | undefined {
  return clipRect(grownBy(word, 2 + Math.round(word.height * 0.15)), { rows: image.height, columns: image.width });
}

/** A box already shrunk to its strokes needs only their anti-aliased edges. */
const INKED_MARGIN = 2;

/** Rectangles around the burned-in text the OCR engine finds in a frame. */
export async function textRegions(image: GreyImage): Promise<Rect[]> {
  const words = await findText(image);
  return words.filter((word) => isBurnedInText(image, word)).flatMap((word) => padded(word, image) ?? []);
}

/**
 * A word read in a region the screen marked. Its strokes are already known to be flat and thin, so a confidently
 * read word needs less of the drawn look (large text over anatomy has a busy background); single characters and
 * boxes too tall for their letters are mostly anatomy read as text, and no identifier is one character.
 */
function isScreenedText(image: GreyImage, word: TextBox, lineHeight: number): boolean {
  const characters = word.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (characters < 2) return false;
  // Printed characters are at least a third as wide as high, and a word is no taller than the line the screen marked
  // (and some context): a box taller than that is structure read as text.
  if (word.width < (characters * word.height) / 3 || word.height > lineHeight + CONTEXT) return false;
  if (isBurnedInText(image, word)) return true;
  // The easier test only for a word that fills the marked line, not a speck inside a large busy region.
  return word.height >= lineHeight / 2 && word.confidence >= SCREENED_CONFIDENT && crispness(image, word) >= SCREENED_CRISP_SHARE;
}
const SCREENED_CONFIDENT = 45;
const SCREENED_CRISP_SHARE = 0.3;

/** Quarter turns OCR tries on a screened region: text can run down (90°) or up (270°) as well as across. */
export type Turn = 0 | 90 | 270;

/** Pixels of context kept around a screened region, so OCR sees the background the text sits on. */
const CONTEXT = 8;
/** The height (pixels) a screened line of text is enlarged towards for OCR (by ×1, ×2 or ×3). */
const READABLE_HEIGHT = 40;

function crop(image: GreyImage, rect: Rect): GreyImage {
  const pixels = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) pixels.set(image.pixels.subarray((rect.y + y) * image.width + rect.x, (rect.y + y) * image.width + rect.x + rect.width), y * rect.width);
  return { width: rect.width, height: rect.height, pixels };
}

/** The picture turned clockwise by `turn` degrees. */
export function turned(image: GreyImage, turn: Turn): GreyImage {
  if (turn === 0) return image;
  const { width, height } = image;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const target = turn === 90 ? x * height + (height - 1 - y) : (width - 1 - x) * height + y;
      pixels[target] = image.pixels[y * width + x]!;
    }
  }
  return { width: height, height: width, pixels };
}

/** A box found in the turned picture, in the coordinates of the picture before turning (`width`×`height`). */
function unturned(box: Rect, turn: Turn, width: number, height: number): Rect {
  if (turn === 0) return box;
  if (turn === 90) return { x: box.y, y: height - (box.x + box.width), width: box.height, height: box.width };
  return { x: width - (box.y + box.height), y: box.x, width: box.height, height: box.width };
}

/** Rows (or columns) of a box that an edge of at least `threshold` crosses twice: where the strokes are. */
function strokeSpan(image: GreyImage, box: Rect, threshold: number, alongRows: boolean): [number, number] | undefined {
  const [outer, inner] = alongRows ? [box.height, box.width] : [box.width, box.height];
  let first = -1;
  let last = -1;
  for (let a = 0; a < outer; a++) {
    let edges = 0;
    let previous = -1;
    for (let b = 0; b < inner; b++) {
      const [x, y] = alongRows ? [box.x + b, box.y + a] : [box.x + a, box.y + b];
      const value = image.pixels[y * image.width + x]!;
      if (previous >= 0 && Math.abs(value - previous) >= threshold) edges++;
      previous = value;
    }
    if (edges >= 2) {
      if (first < 0) first = a;
      last = a;
    }
  }
  return first < 0 ? undefined : [first, last];
}

/**
 * An OCR word box shrunk to its strokes: the engine's boxes run loose over busy backgrounds (a word over anatomy
 * can come back twice its height), and the mask should cover the text, not the image around it.
 */
function inked(image: GreyImage, word: Rect): Rect {
  const box = clipRect(word, { rows: image.height, columns: image.width });
  if (!box) return word;
  let min = 255;
  let max = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const value = image.pixels[y * image.width + x]!;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  const threshold = Math.max(16, (max - min) / 3);
  const rows = strokeSpan(image, box, threshold, true);
  const columns = strokeSpan(image, box, threshold, false);
  if (!rows || !columns) return box;
  return { x: box.x + columns[0], y: box.y + rows[0], width: columns[1] - columns[0] + 1, height: rows[1] - rows[0] + 1 };
}

/**
 * OCR of the regions the text screen (screen.ts) marked: each is read with some context, across and, when it is
 * taller than wide, turned both ways. Returns, per region, the boxes of the words that look drawn (isBurnedInText),
 * in frame coordinates.
 */
export async function textInRegions(image: GreyImage, regions: readonly Rect[]): Promise<Rect[][]> {
  const found: Rect[][] = [];
  for (const region of regions) {
    const area = clipRect({ x: region.x - CONTEXT, y: region.y - CONTEXT, width: region.width + 2 * CONTEXT, height: region.height + 2 * CONTEXT }, { rows: image.height, columns: image.width })!;
    const picture = crop(image, area);
    const turns: Turn[] = region.height > 1.5 * region.width ? [0, 90, 270] : [0];
    const boxes: Rect[] = [];
    for (const turn of turns) {
      const view = turned(picture, turn);
      // The engine reads capitals best at 30–40 pixels: small text enlarged, large text as it is.
      const lineHeight = turn === 0 ? region.height : region.width;
      const scale = Math.min(3, Math.max(1, Math.round(READABLE_HEIGHT / lineHeight)));
      for (const word of await findText(view, scale)) {
        // Single characters in a screened region are mostly anatomy read as letters (and no identifier is one character).
        const grown = isScreenedText(view, word, lineHeight) ? clipRect(grownBy(inked(view, word), INKED_MARGIN), { rows: view.height, columns: view.width }) : undefined;
        if (!grown) continue;
        const box = unturned(grown, turn, picture.width, picture.height);
        boxes.push({ ...box, x: box.x + area.x, y: box.y + area.y });
      }
    }
    found.push(boxes);
  }
  return found;
}
