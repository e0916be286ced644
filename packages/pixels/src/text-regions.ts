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

/** A word's box grown by a margin that covers anti-aliased edges and the OCR engine's tight boxes. */
function padded(word: Rect, image: GreyImage): Rect | undefined {
  const margin = 2 + Math.round(word.height * 0.15);
  return clipRect({ x: word.x - margin, y: word.y - margin, width: word.width + 2 * margin, height: word.height + 2 * margin }, { rows: image.height, columns: image.width });
}

/** Rectangles around the burned-in text the OCR engine finds in a frame. */
export async function textRegions(image: GreyImage): Promise<Rect[]> {
  const words = await findText(image);
  return words.filter((word) => isBurnedInText(image, word)).flatMap((word) => padded(word, image) ?? []);
}
