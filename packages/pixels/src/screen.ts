import { mergeNearby } from './masked-regions.js';
import type { Rect } from './mask.js';

/** One sample per pixel, the frame's brightness in any unit (stored values, or 8-bit luminance for colour). */
export type Brightness = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/**
 * How a frame is walked at one text size. Text of height h has strokes at most h/5 apart inside a word and is
 * crossed by at least two sampled lines when `lineStep` ≤ (h − 1) / 2; strokes at least `sampleStep` wide are
 * seen when every `sampleStep`-th sample is read.
 */
interface Scale {
  /**
   * Whether columns are read too. Not at the smallest size: there rows alone see text turned 90° or 270° as narrow
   * bursts of strokes stacked down the frame, and reading columns would cost as much again.
   */
  readonly columns: boolean;
  /** Every how many rows (columns, for vertical text) a line is read. */
  readonly lineStep: number;
  /** Every how many pixels along a line a sample is read. */
  readonly sampleStep: number;
  /** Strong edges closer than this (pixels) belong to one run of strokes. */
  readonly gap: number;
}

/** 8–15 px text (1 px strokes), 16–31 px (≥ 2 px strokes), 32 px and more (≥ 4 px strokes). */
const SCALES: readonly Scale[] = [
  { columns: false, lineStep: 3, sampleStep: 1, gap: 10 },
  { columns: true, lineStep: 6, sampleStep: 2, gap: 20 },
  { columns: true, lineStep: 12, sampleStep: 4, gap: 40 },
];

/** A run of strokes along one line is a word when it holds this many strong edges (three strokes) … */
const MIN_RUN_EDGES = 6;
/** … or a line across a turned glyph when it holds two edges within this many pixels. */
const BURST_LENGTH = 12;
/** A group of runs on neighbouring lines is text when it holds this many edges … */
const MIN_GROUP_EDGES = 14;
/** … or, seen on one line only (text whose height only just meets the smallest size), this many. */
const MIN_SINGLE_LINE_EDGES = 16;
/** A stack of bursts (turned text) needs this many lines, averaging more edges than one thin line's two. */
const MIN_STACK_LINES = 4;
const MIN_STACK_EDGES_PER_LINE = 2.5;
/** An edge is strong when it spans this share of the frame's range … */
const EDGE_SHARE_OF_RANGE = 0.1;
/** … and stands this many times above the mean step between neighbours (noise, speckle). */
const EDGE_OVER_NOISE = 6;

interface Run {
  readonly line: number;
  readonly from: number;
  readonly to: number;
  readonly edges: number;
}

interface Group {
  firstLine: number;
  lastLine: number;
  from: number;
  to: number;
  edges: number;
  lines: number;
}

/** The strong-edge threshold: a share of the range, above the noise; from a coarse grid (every 4th row, 8th pixel). */
function edgeThreshold(values: Brightness, width: number, height: number): number {
  let min = Infinity;
  let max = -Infinity;
  let steps = 0;
  let count = 0;
  for (let y = 0; y < height; y += 4) {
    const row = y * width;
    for (let x = 0; x + 1 < width; x += 8) {
      const value = values[row + x]!;
      if (value < min) min = value;
      if (value > max) max = value;
      steps += Math.abs(values[row + x + 1]! - value);
      count++;
    }
  }
  if (count === 0) return Infinity;
  return Math.max(1, (max - min) * EDGE_SHARE_OF_RANGE, (EDGE_OVER_NOISE * steps) / count);
}

/**
 * Runs of strong edges along every `lineStep`-th line. A line starts at `line * lineStride` and its samples are
 * `sampleStride` apart, so the same walk reads rows (horizontal text) and columns (text turned 90° or 270°).
 */
function strokeRuns(values: Brightness, lines: number, length: number, lineStride: number, sampleStride: number, scale: Scale, threshold: number): Run[] {
  const runs: Run[] = [];
  const step = scale.sampleStep * sampleStride;
  for (let line = scale.lineStep >> 1; line < lines; line += scale.lineStep) {
    let index = line * lineStride;
    let previous = values[index]!;
    let from = 0;
    let last = -Infinity;
    let edges = 0;
    // The levels either side of the run's edges: text is drawn in one value, so one side stays flat.
    let brightLow = Infinity;
    let brightHigh = -Infinity;
    let darkLow = Infinity;
    let darkHigh = -Infinity;
    const close = (): void => {
      const flat = brightHigh - brightLow <= threshold || darkHigh - darkLow <= threshold;
      const enough = edges >= MIN_RUN_EDGES || (!scale.columns && edges >= 2 && last - from <= BURST_LENGTH);
      if (flat && enough) runs.push({ line, from, to: last, edges });
    };
    for (let at = scale.sampleStep; at < length; at += scale.sampleStep) {
      index += step;
      const value = values[index]!;
      const difference = value - previous;
      if (difference < threshold && difference > -threshold) {
        previous = value;
        continue;
      }
      if (at - last > scale.gap) {
        close();
        from = at - scale.sampleStep;
        edges = 0;
        brightLow = darkLow = Infinity;
        brightHigh = darkHigh = -Infinity;
      }
      const [bright, dark] = difference > 0 ? [value, previous] : [previous, value];
      if (bright < brightLow) brightLow = bright;
      if (bright > brightHigh) brightHigh = bright;
      if (dark < darkLow) darkLow = dark;
      if (dark > darkHigh) darkHigh = dark;
      previous = value;
      edges++;
      last = at;
    }
    close();
  }
  return runs;
}

/** Runs on neighbouring sampled lines that overlap join one group: a line of text, or a stretch of vertical text. */
function groupRuns(runs: readonly Run[], scale: Scale): Group[] {
  const done: Group[] = [];
  let open: Group[] = [];
  // Runs come line by line; a group not continued on the last two sampled lines is closed.
  for (const run of runs) {
    // One sampled line may fall between two lines of glyph pixels (the spacing of text turned 90° or 270°).
    const joined = open.filter((group) => group.lastLine >= run.line - 2 * scale.lineStep && group.from <= run.to + scale.gap && run.from <= group.to + scale.gap);
    const group: Group = { firstLine: run.line, lastLine: run.line, from: run.from, to: run.to, edges: run.edges, lines: 1 };
    for (const other of joined) {
      group.firstLine = Math.min(group.firstLine, other.firstLine);
      group.from = Math.min(group.from, other.from);
      group.to = Math.max(group.to, other.to);
      group.edges += other.edges;
      group.lines += other.lines;
    }
    const stillOpen: Group[] = [];
    for (const other of open) {
      if (joined.includes(other)) continue;
      (other.lastLine < run.line - 2 * scale.lineStep ? done : stillOpen).push(other);
    }
    open = [...stillOpen, group];
  }
  return [...done, ...open];
}

function looksLikeText(group: Group): boolean {
  if (group.lines === 1) return group.edges >= MIN_SINGLE_LINE_EDGES;
  if (group.edges < MIN_GROUP_EDGES) return false;
  const narrow = group.to - group.from <= BURST_LENGTH;
  return !narrow || (group.lines >= MIN_STACK_LINES && group.edges >= MIN_STACK_EDGES_PER_LINE * group.lines);
}

/**
 * Where a frame may carry text: rectangles around runs of thin, high-contrast strokes whose ink (or background)
 * stays at one level, as drawn text does and anatomy rarely does, read along rows and along
 * columns at three text sizes. Cheap (a fraction of the samples, one subtraction and compare each) and meant to
 * over-report: OCR decides what is text. Polarity does not matter (white, grey or black text), nor the unit.
 */
export function screenFrame(values: Brightness, width: number, height: number): Rect[] {
  const threshold = edgeThreshold(values, width, height);
  const found: Rect[] = [];
  for (const scale of SCALES) {
    const margin = scale.lineStep;
    for (const group of groupRuns(strokeRuns(values, height, width, width, 1, scale, threshold), scale).filter(looksLikeText)) {
      found.push(clip({ x: group.from - margin, y: group.firstLine - margin, width: group.to - group.from + 1 + 2 * margin, height: group.lastLine - group.firstLine + 1 + 2 * margin }, width, height));
    }
    if (!scale.columns) continue;
    for (const group of groupRuns(strokeRuns(values, width, height, 1, width, scale, threshold), scale).filter(looksLikeText)) {
      found.push(clip({ x: group.firstLine - margin, y: group.from - margin, width: group.lastLine - group.firstLine + 1 + 2 * margin, height: group.to - group.from + 1 + 2 * margin }, width, height));
    }
  }
  return mergeNearby(found, sameLine);
}

/** Rectangles that overlap and are of like size (one line of text seen twice) belong together; text stays apart from larger structure it touches. */
function sameLine(a: Rect, b: Rect): boolean {
  const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  return overlap && Math.max(a.height, b.height) <= 2 * Math.min(a.height, b.height) && Math.max(a.width, b.width) <= 2 * Math.min(a.width, b.width) + Math.max(a.height, b.height) * 8;
}

function clip(rect: Rect, width: number, height: number): Rect {
  const x = Math.max(0, rect.x);
  const y = Math.max(0, rect.y);
  return { x, y, width: Math.min(width, rect.x + rect.width) - x, height: Math.min(height, rect.y + rect.height) - y };
}
