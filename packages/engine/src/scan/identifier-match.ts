import type { Identifier, IdentifierSet } from '../transform/identifiers.js';

/** Underscores join words in codes and file-like names (TOSHIBA_MEC), so they count as part of a word. */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;
/** Scripts written without spaces between words: a name is found wherever it occurs. */
const UNSPACED_SCRIPT = /[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/u;

function occursAsWord(text: string, token: string): boolean {
  if (UNSPACED_SCRIPT.test(token)) return text.includes(token);
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + token.length] ?? ' ';
    if (!WORD_CHARACTER.test(before) && !WORD_CHARACTER.test(after)) return true;
  }
  return false;
}

/**
 * The original instance's identifiers that occur in a text as whole words: an ID inside a longer number (a UID, a
 * hash) or a name inside a longer word is not that identifier, while "Doe" in "scan of J. Doe" is.
 */
export function identifiersIn(text: string, identifiers: IdentifierSet): Identifier[] {
  const lower = text.toLowerCase();
  return identifiers.identifiers.filter((identifier) => occursAsWord(lower, identifier.text));
}
