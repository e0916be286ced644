import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Rect } from './mask.js';
import { encodePng } from './png.js';
import type { GreyImage } from './render.js';

const require = createRequire(import.meta.url);

/** A word the OCR engine read, in the frame's pixel coordinates. */
export interface TextBox extends Rect {
  readonly text: string;
  readonly confidence: number;
}

/** The parts of tesseract.js used here (its own typings are a global namespace that NodeNext cannot import by name). */
interface TesseractWord {
  readonly text: string;
  readonly confidence: number;
  readonly bbox: { x0: number; y0: number; x1: number; y1: number };
}
interface TesseractWorker {
  setParameters(parameters: Record<string, string>): Promise<unknown>;
  recognize(image: Buffer, options: object, output: object): Promise<{ data: { blocks: { paragraphs: { lines: { words: TesseractWord[] }[] }[] }[] | null } }>;
  terminate(): Promise<unknown>;
}
interface Tesseract {
  createWorker(langs: string, oem: number, options: object): Promise<TesseractWorker>;
}

/**
 * Screen text on small images is small: OCR reads them enlarged (large screens have large fonts and cost four
 * times as much enlarged), and reads light-on-dark text inverted, as the engine was trained on.
 */
const ENLARGE_BELOW_WIDTH = 1024;
const LSTM_ONLY = 1;
const SPARSE_TEXT = '11';
/** The worker (a thread holding the engine and the English model) is ended after this much idleness, so a CLI run can exit. */
const IDLE_MS = 1000;

/**
 * The English model comes from the @tesseract.js-data/eng package and the engine from tesseract.js-core, both
 * installed by npm: nothing is downloaded at run time (cacheMethod "none" also keeps it from writing a cache file).
 */
function languagePath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

let worker: Promise<TesseractWorker> | undefined;
let pending = 0;
let idleTimer: NodeJS.Timeout | undefined;

function acquire(): Promise<TesseractWorker> {
  clearTimeout(idleTimer);
  pending++;
  worker ??= (async () => {
    const tesseract = require('tesseract.js') as Tesseract;
    const created = await tesseract.createWorker('eng', LSTM_ONLY, { langPath: languagePath(), cacheMethod: 'none', gzip: true });
    await created.setParameters({ tessedit_pageseg_mode: SPARSE_TEXT, user_defined_dpi: '300' });
    return created;
  })();
  return worker;
}

function release(): void {
  if (--pending > 0) return;
  idleTimer = setTimeout(() => void closeTextFinder(), IDLE_MS);
  idleTimer.unref();
}

/** Ends the OCR worker now (tests, and callers that know they are done); the next search starts a new one. */
export async function closeTextFinder(): Promise<void> {
  clearTimeout(idleTimer);
  const current = worker;
  worker = undefined;
  if (current) await (await current).terminate();
}

function prepared(image: GreyImage, scale: number): GreyImage {
  let sum = 0;
  for (const value of image.pixels) sum += value;
  const invert = sum / image.pixels.length < 128;
  const width = image.width * scale;
  const pixels = new Uint8Array(width * image.height * scale);
  for (let y = 0; y < image.height * scale; y++) {
    for (let x = 0; x < width; x++) {
      const value = image.pixels[Math.floor(y / scale) * image.width + Math.floor(x / scale)]!;
      pixels[y * width + x] = invert ? 255 - value : value;
    }
  }
  return { width, height: image.height * scale, pixels };
}

/**
 * Every word the OCR engine reads in the picture, with its box and confidence (0–100). `scale` overrides the
 * enlargement (small crops around screened text are read ×3, so 8-pixel text reaches the engine's comfortable size).
 */
export async function findText(image: GreyImage, scale = image.width < ENLARGE_BELOW_WIDTH ? 2 : 1): Promise<TextBox[]> {
  const engine = await acquire();
  try {
    const result = await engine.recognize(encodePng(prepared(image, scale)), {}, { blocks: true, text: false });
    const boxes: TextBox[] = [];
    for (const block of result.data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          for (const word of line.words) {
            const { x0, y0, x1, y1 } = word.bbox;
            boxes.push({ text: word.text, confidence: word.confidence, x: x0 / scale, y: y0 / scale, width: (x1 - x0) / scale, height: (y1 - y0) / scale });
          }
        }
      }
    }
    return boxes;
  } finally {
    release();
  }
}
