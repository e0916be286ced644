/**
 * A Specific Character Set defined term, or an ISO 2022 escape sequence, that this module cannot interpret.
 * Text in it cannot be read reliably, so callers decide whether to fail closed.
 */
export class UnknownCharacterSetError extends Error {
  constructor(
    /** The offending defined term (e.g. "ISO_IR 999") or escape sequence (e.g. "ESC $ ( Q"). */
    readonly term: string,
    reason = 'is not a Specific Character Set defined term this decoder knows (PS3.3 C.12.1.1.2)',
  ) {
    super(`"${term}" ${reason}`);
    this.name = 'UnknownCharacterSetError';
  }
}
