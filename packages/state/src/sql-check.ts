/**
 * `column IN ('a', 'b')` for a CHECK constraint, from the constant that defines the values, so the schema and the
 * TypeScript types cannot drift. A migration that has shipped is frozen (its checksum is pinned in the tests): a
 * new value means a new migration, never an edit of the constant's old one.
 */
export function oneOf(column: string, values: readonly string[]): string {
  return `${column} IN (${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')})`;
}
