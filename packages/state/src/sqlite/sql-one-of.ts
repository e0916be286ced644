/** `IN ('a', 'b')` for a CHECK constraint, from one of the state's enumeration constants (plain identifiers only). */
export function sqlOneOf(values: readonly string[]): string {
  for (const value of values) {
    if (!/^[a-z][a-z-]*$/.test(value)) throw new Error(`"${value}" cannot be written into a CHECK constraint`);
  }
  return `IN (${values.map((value) => `'${value}'`).join(', ')})`;
}
