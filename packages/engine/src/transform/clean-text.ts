import type { IdentifierSet } from './identifiers.js';

/** Patterns that identify whoever they belong to: e-mail addresses, phone numbers, dates written out. */
const IDENTIFYING_PATTERNS: readonly RegExp[] = [
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g,
  /\+?\d[\d ()./-]{7,}\d/g,
  /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b/g,
  /\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b/g,
  /\b(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\b/g,
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Action C on free text (clean descriptors, structured content): keeps the text's meaning but removes every
 * identifier of this instance found in it and anything shaped like a contact detail or a date.
 */
export function cleanText(text: string, identifiers: IdentifierSet): string {
  let cleaned = text;
  for (const token of identifiers.tokens) {
    cleaned = cleaned.replace(new RegExp(escapeRegExp(token), 'gi'), '');
  }
  for (const pattern of IDENTIFYING_PATTERNS) cleaned = cleaned.replace(pattern, '');
  return cleaned.replace(/ {2,}/g, ' ').trim();
}
