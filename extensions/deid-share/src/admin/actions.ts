/** PS3.15 action codes as people read them. */
const ACTION_NAMES: Record<string, string> = {
  X: 'removed',
  Z: 'emptied',
  D: 'dummy value',
  K: 'kept',
  C: 'cleaned',
  U: 'new UID',
};

export function actionName(code: string): string {
  return ACTION_NAMES[code] ? `${ACTION_NAMES[code]} (${code})` : code;
}

/** Dates and times in the reader's locale, to the second. */
export function when(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
