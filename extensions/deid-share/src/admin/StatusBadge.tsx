/** A job or peer status in words and colour (the word carries the meaning; colour only helps). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`adm-badge adm-status-${status}`}>{status}</span>;
}
