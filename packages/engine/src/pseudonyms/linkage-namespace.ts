import type { PseudonymScheme } from './config.js';
import { projectTag } from './secret.js';

/**
 * Linkage rows and counters are grouped by namespace: scheme, project (a tag of the secret) and
 * the settings that shape pseudonyms. A JSON array keeps the parts unambiguous and readable to an
 * administrator inspecting the state file.
 */
export function linkageNamespace(scheme: PseudonymScheme, secret: Uint8Array, settings: readonly string[]): string {
  return JSON.stringify([scheme, projectTag(secret), ...settings]);
}

export function namespaceBelongsToProject(namespace: string, secret: Uint8Array): boolean {
  const parts: unknown = JSON.parse(namespace);
  return Array.isArray(parts) && parts[1] === projectTag(secret);
}
