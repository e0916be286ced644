import { erasePatterns } from '../scan/patterns.js';
import type { IdentifierSet } from './identifiers.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Action C on free text (clean descriptors, structured content): keeps the text's meaning but removes every
 * identifier of this instance found in it and anything the residual-PHI scan would find (dates written out, phone
 * numbers, e-mail, national ID numbers: scan/patterns.ts).
 */
export function cleanText(text: string, identifiers: IdentifierSet): string {
  // Patterns first: an e-mail address or a date goes whole, before a name inside it is cut out of it.
  let cleaned = erasePatterns(text);
  for (const token of identifiers.tokens) {
    cleaned = cleaned.replace(new RegExp(escapeRegExp(token), 'gi'), '');
  }
  return cleaned.replace(/ {2,}/g, ' ').trim();
}
