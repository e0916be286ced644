/** The panel's stylesheet: scoped class names, colours from the viewer's theme variables (with fallbacks). */
const css = `
.deid-share { --ds-fg: hsl(var(--foreground, 0 0% 98%)); --ds-muted: hsl(var(--muted-foreground, 200 46% 65%));
  --ds-primary: hsl(var(--primary, 214 98% 60%)); --ds-card: hsl(var(--muted, 234 64% 10%));
  --ds-border: hsl(var(--input, 236 52% 30%)); --ds-danger: #f87171; --ds-warn: #fbbf24; --ds-ok: #4ade80;
  color: var(--ds-fg); font-size: 13px; line-height: 1.4; padding: 8px 10px 16px; display: flex; flex-direction: column; gap: 12px; }
.deid-share h2 { font-size: 15px; font-weight: 600; margin: 0; }
.deid-share h3 { font-size: 12px; font-weight: 600; margin: 0 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--ds-muted); }
.deid-share .ds-muted { color: var(--ds-muted); }
.deid-share .ds-card { background: var(--ds-card); border: 1px solid var(--ds-border); border-radius: 6px; padding: 8px; }
.deid-share .ds-peer { display: flex; gap: 8px; align-items: flex-start; cursor: pointer; margin-bottom: 6px; }
.deid-share .ds-peer.is-focused { border-color: var(--ds-primary); }
.deid-share .ds-peer input { margin-top: 3px; accent-color: var(--ds-primary); }
.deid-share .ds-chips { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.deid-share .ds-chip { border: 1px solid var(--ds-border); border-radius: 999px; padding: 0 6px; font-size: 11px; color: var(--ds-muted); }
.deid-share .ds-scroll { max-height: 45vh; overflow: auto; }
.deid-share table { width: 100%; border-collapse: collapse; font-size: 12px; table-layout: fixed; }
.deid-share th { position: sticky; top: 0; background: hsl(var(--background, 0 0% 0%)); text-align: left; color: var(--ds-muted); font-weight: 500; padding: 3px 4px; border-bottom: 1px solid var(--ds-border); }
.deid-share td { padding: 3px 4px; border-bottom: 1px solid rgba(255,255,255,.06); vertical-align: top; overflow-wrap: anywhere; }
.deid-share td.ds-tag { font-family: ui-monospace, monospace; font-size: 11px; color: var(--ds-muted); }
.deid-share td.ds-tag .ds-keyword { font-family: inherit; color: var(--ds-fg); }
.deid-share .ds-result { color: var(--ds-fg); }
.deid-share tr.is-removed td { background: rgba(248,113,113,.10); }
.deid-share tr.is-removed .ds-original { text-decoration: line-through; color: var(--ds-danger); }
.deid-share .ds-action { display: inline-block; white-space: nowrap; border-radius: 4px; padding: 0 5px; font-size: 11px; font-weight: 600; }
.deid-share .ds-action-removed { background: var(--ds-danger); color: #111; }
.deid-share .ds-action-emptied, .deid-share .ds-action-replaced, .deid-share .ds-action-remapped,
.deid-share .ds-action-shifted, .deid-share .ds-action-cleaned { background: var(--ds-warn); color: #111; }
.deid-share .ds-action-added { border: 1px solid var(--ds-primary); color: var(--ds-primary); }
.deid-share .ds-action-kept { border: 1px solid var(--ds-border); color: var(--ds-muted); }
.deid-share .ds-null { color: var(--ds-muted); font-style: italic; }
.deid-share button { font: inherit; border-radius: 4px; padding: 5px 12px; cursor: pointer; border: 1px solid var(--ds-primary); }
.deid-share button.ds-primary { background: var(--ds-primary); color: #fff; }
.deid-share button.ds-secondary { background: transparent; color: var(--ds-primary); }
.deid-share button:disabled { opacity: .45; cursor: not-allowed; }
.deid-share .ds-row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.deid-share .ds-bar { height: 8px; border-radius: 4px; background: rgba(255,255,255,.12); overflow: hidden; flex: 1; min-width: 80px; }
.deid-share .ds-bar > div { height: 100%; background: var(--ds-primary); transition: width .3s; }
.deid-share .ds-bar.is-partial > div { background: var(--ds-warn); } .deid-share .ds-bar.is-failed > div { background: var(--ds-danger); }
.deid-share .ds-status { font-size: 11px; font-weight: 600; text-transform: uppercase; }
.deid-share .ds-status-done { color: var(--ds-ok); } .deid-share .ds-status-partial { color: var(--ds-warn); }
.deid-share .ds-status-failed { color: var(--ds-danger); }
.deid-share .ds-admin-link { color: var(--ds-primary); align-self: flex-start; }
.deid-share .ds-error { border: 1px solid var(--ds-danger); background: rgba(248,113,113,.12); border-radius: 6px; padding: 8px; }
.deid-share .ds-error strong { color: var(--ds-danger); display: block; margin-bottom: 2px; }
.deid-share .ds-held-back { border: 1px solid var(--ds-warn); background: rgba(251,191,36,.08); border-radius: 6px; padding: 8px; }
.deid-share .ds-held-back strong { color: var(--ds-warn); display: block; margin-bottom: 2px; }
.deid-share .ds-confirm { border: 1px solid var(--ds-warn); border-radius: 6px; padding: 8px; background: rgba(251,191,36,.08); }
.deid-share a { color: var(--ds-primary); }
.deid-share ul.ds-reasons { margin: 4px 0 0; padding-left: 16px; font-size: 12px; }
.deid-share .ds-uid { font-family: ui-monospace, monospace; font-size: 11px; color: var(--ds-muted); overflow-wrap: anywhere; }
`;

const STYLE_ID = 'deid-share-styles';

export function injectStyles(document: Document): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = css;
  document.head.appendChild(style);
}
