const MiB = 1024 * 1024;

/**
 * The most bytes of one instance held in memory by default: the file as read (a deflated data set may inflate to
 * half of it, DEFAULT_MAX_INFLATED_BYTES). With the 16 MiB limit on decoded text values (MAX_TEXT_VALUE_BYTES) and
 * the element count limit (MAX_ELEMENTS) it bounds the memory one instance can take (docs/security.md).
 */
export const MAX_INSTANCE_BYTES = 256 * MiB;

/** Why an instance of `bytes` bytes is not read, or undefined when it fits the budget. */
export function instanceTooLargeReason(bytes: number, limit = MAX_INSTANCE_BYTES): string | undefined {
  if (bytes <= limit) return undefined;
  return (
    `the instance is ${(bytes / MiB).toFixed(1)} MiB, more than the per-instance memory budget of ${(limit / MiB).toFixed(0)} MiB: ` +
    'it was not read; if it is a real object, raise the budget on a machine with the memory for it (docs/security.md)'
  );
}
