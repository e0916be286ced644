/** Words de-identifiers and test data write in place of a name; a name made only of these identifies nobody. */
const PLACEHOLDER_WORDS = new Set([
  'removed', 'anonymous', 'anonymized', 'anonymised', 'anon', 'deidentified', 'de-identified', 'redacted', 'unknown',
  'none', 'patient', 'name', 'test', 'phantom',
]);

/**
 * True when a PN value may name a real person: it has letters, no digits (pseudonyms and codes have digits, names
 * do not), is not one of this instance's pseudonyms, and is not made of placeholder words only.
 */
export function mayNameAPerson(value: string, pseudonyms: ReadonlySet<string>): boolean {
  return value.split('\\').some((name) => {
    const trimmed = name.trim();
    if (trimmed === '' || pseudonyms.has(trimmed) || /\d/.test(trimmed) || !/\p{L}/u.test(trimmed)) return false;
    return !isPlaceholder(trimmed);
  });
}

/** True for "REMOVED", "Anonymous^Patient" and the like: text that stands where a name or an identifier was. */
export function isPlaceholder(text: string): boolean {
  const words = text.toLowerCase().split(/[\^=\s]+/).filter((word) => word !== '');
  return words.length > 0 && words.every((word) => PLACEHOLDER_WORDS.has(word));
}
