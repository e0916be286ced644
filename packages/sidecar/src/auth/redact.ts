/**
 * Secrets that arrive in URLs (`?token=`, `access_token=`, a sign-in `code=`...) are replaced before a URL is
 * logged: a log line must never be a credential.
 */
export const REDACTED = '[REDACTED]';

/** Query parameter names (after percent-decoding, any case) whose values are credentials. */
const SECRET_NAME = /token|code|secret|password|passw|pwd|api_?key|^key$|session|signature|^sig$|auth|jwt|credential/i;

/** Every `name=value` of a query string or fragment whose name looks secret, with its value replaced. */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&;#])([^=&;#?\s]*)=([^&;#\s]*)/g, (whole, separator: string, name: string) =>
      SECRET_NAME.test(decodeName(name)) ? `${separator}${name}=${REDACTED}` : whole,
    )
    .replace(/(\/\/)[^/@\s:]+:[^/@\s]*@/g, `$1${REDACTED}@`);
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
