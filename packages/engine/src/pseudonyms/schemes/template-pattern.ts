import { assertSafeText } from '../dicom-text.js';

/** One parsed piece of a naming template such as `{site}-{seq:04}`. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'site' }
  | { kind: 'prefix' }
  | { kind: 'seq'; width: number }
  | { kind: 'hash'; length: number };

export interface TemplateValues {
  site: string;
  prefix: string;
  seq: number;
  /** Hex characters of the patient's keyed hash; only read when the template has {hash:N}. */
  hash: () => string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Parses and checks a template: exactly one {seq}, so every patient gets a distinct counter value. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let textStart = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    pushText(parts, template.slice(textStart, match.index), template);
    parts.push(parsePlaceholder(match[1] ?? '', template));
    textStart = match.index + match[0].length;
  }
  pushText(parts, template.slice(textStart), template);
  if (parts.filter((part) => part.kind === 'seq').length !== 1) {
    throw new Error(
      `Template "${template}" must contain {seq} or {seq:N} exactly once: the counter keeps pseudonyms distinct.`,
    );
  }
  return parts;
}

function pushText(parts: TemplatePart[], text: string, template: string): void {
  if (text === '') return;
  if (/[{}]/.test(text)) throw new Error(`Template "${template}" has an unmatched { or }.`);
  assertSafeText(`Literal text in template "${template}"`, text);
  parts.push({ kind: 'text', text });
}

function parsePlaceholder(body: string, template: string): TemplatePart {
  if (body === 'site' || body === 'prefix') return { kind: body };
  const seq = /^seq(?::(\d{1,2}))?$/.exec(body);
  if (seq) return { kind: 'seq', width: Number(seq[1] ?? '1') };
  const hash = /^hash:(\d{1,2})$/.exec(body);
  if (hash && Number(hash[1]) >= 1 && Number(hash[1]) <= 64) return { kind: 'hash', length: Number(hash[1]) };
  throw new Error(
    `Template "${template}" has an unknown placeholder {${body}}; ` +
      'use {site}, {prefix}, {seq}, {seq:N} or {hash:N} (N from 1 to 64).',
  );
}

export function renderTemplate(parts: readonly TemplatePart[], values: TemplateValues): string {
  return parts
    .map((part) => {
      switch (part.kind) {
        case 'text':
          return part.text;
        case 'site':
          return values.site;
        case 'prefix':
          return values.prefix;
        case 'seq':
          return String(values.seq).padStart(part.width, '0');
        case 'hash':
          return values.hash().slice(0, part.length);
      }
    })
    .join('');
}

export function usesPlaceholder(parts: readonly TemplatePart[], kind: TemplatePart['kind']): boolean {
  return parts.some((part) => part.kind === kind);
}
