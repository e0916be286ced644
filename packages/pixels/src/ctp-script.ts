import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Rect } from './mask.js';
import type { RegionRule } from './region-rules.js';
import { parseSignature, SignatureError } from './signature.js';

/** RSNA CTP's library of burned-in annotation regions, kept verbatim in the repository (data/PROVENANCE.md). */
export const CTP_SCRIPT_PATH = fileURLToPath(new URL('../../../data/ctp/DicomPixelAnonymizer.script', import.meta.url));

const RECTANGLE = /^\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)/;

/**
 * Reads CTP's DicomPixelAnonymizer.script format as it is: free text (section banners between lines of asterisks,
 * vendor and model headings, remarks), then rules, each a `{ signature }` followed by one or more `(x,y,w,h)`
 * rectangles. A rule is named after its line, section and the headings above it.
 */
export function parseCtpScript(text: string, source: string): RegionRule[] {
  const rules: RegionRule[] = [];
  let section = '';
  let headings: string[] = [];
  let inBanner = false;
  let pos = 0;
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  while (pos < text.length) {
    const open = text.indexOf('{', pos);
    const fresh: string[] = [];
    for (const raw of text.slice(pos, open === -1 ? text.length : open).split('\n')) {
      const line = raw.trim();
      if (/^\*+$/.test(line)) inBanner = !inBanner;
      else if (inBanner && line) [section, headings] = [line, []];
      else if (line) fresh.push(line.replace(/\s+/g, ' ').slice(0, 40));
    }
    // A rule without headings of its own shares those of the rule before it (e.g. several Logiq models).
    if (fresh.length) headings = fresh.slice(-2);
    if (open === -1) break;
    const close = text.indexOf('}', open);
    if (close === -1) throw new Error(`${source} line ${lineAt(open)}: a signature "{" is never closed by "}"`);
    let signature;
    try {
      signature = parseSignature(text.slice(open + 1, close));
    } catch (error) {
      if (error instanceof SignatureError) throw new Error(`${source} line ${lineAt(open)}: ${error.message}; fix the signature or remove the rule`);
      throw error;
    }
    const regions: Rect[] = [];
    pos = close + 1;
    for (;;) {
      const rest = text.slice(pos);
      const match = RECTANGLE.exec(rest.trimStart());
      if (!match) break;
      pos += rest.length - rest.trimStart().length + match[0].length;
      regions.push({ x: Number(match[1]), y: Number(match[2]), width: Number(match[3]), height: Number(match[4]) });
    }
    if (regions.length === 0) throw new Error(`${source} line ${lineAt(open)}: a signature without any (x,y,w,h) rectangle after it`);
    rules.push({ name: `CTP line ${lineAt(open)}: ${[section, ...headings].join(' / ')}`, signature, regions });
  }
  return rules;
}

let library: RegionRule[] | undefined;

/** The CTP library, read once per process. */
export function ctpRegionRules(): RegionRule[] {
  library ??= parseCtpScript(readFileSync(CTP_SCRIPT_PATH, 'latin1'), 'data/ctp/DicomPixelAnonymizer.script');
  return library;
}
