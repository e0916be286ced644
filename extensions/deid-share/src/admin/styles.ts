/** The console's stylesheet: light, high contrast (text ≥ 4.5:1 on its background), visible keyboard focus. */
export const ADMIN_CSS = `
:root { --fg: #1b1b1f; --muted: #4a4a55; --bg: #ffffff; --card: #f5f6f8; --border: #c4c7ce; --primary: #0b57d0;
  --danger: #b3261e; --ok: #146c2e; --warn: #7a4a00; font-family: system-ui, sans-serif; color: var(--fg); background: var(--bg); }
body { margin: 0; font-size: 14px; line-height: 1.45; }
*:focus-visible { outline: 3px solid var(--primary); outline-offset: 2px; }
h1 { font-size: 22px; margin: 0 0 12px; } h2 { font-size: 17px; margin: 0; } h3 { font-size: 15px; margin: 12px 0 6px; }
code { font-family: ui-monospace, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
a { color: var(--primary); }
button, .adm-button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid var(--primary); background: var(--bg); color: var(--primary); cursor: pointer; text-decoration: none; display: inline-block; }
button.adm-primary, .adm-button.adm-primary { background: var(--primary); color: #fff; }
button.adm-danger { background: var(--danger); border-color: var(--danger); color: #fff; }
button:disabled { opacity: .55; cursor: not-allowed; }
input, select, textarea { font: inherit; padding: 5px 8px; border: 1px solid var(--muted); border-radius: 6px; color: var(--fg); background: var(--bg); }
label { font-weight: 500; }
.adm-muted { color: var(--muted); }
.adm-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.adm-shell { min-height: 100vh; display: flex; flex-direction: column; }
.adm-header { display: flex; align-items: center; gap: 20px; padding: 10px 20px; border-bottom: 1px solid var(--border); background: var(--card); flex-wrap: wrap; }
.adm-brand { font-weight: 700; }
.adm-header nav { display: flex; gap: 4px; flex: 1; }
.adm-header nav a { padding: 6px 10px; border-radius: 6px; color: var(--fg); text-decoration: none; }
.adm-header nav a[aria-current="page"] { background: var(--primary); color: #fff; }
.adm-user { margin-left: auto; }
.adm-main { padding: 16px 20px; max-width: 1240px; width: 100%; box-sizing: border-box; }
.adm-signin { max-width: 460px; margin: 10vh auto; padding: 0 20px; }
.adm-signin form, .adm-form { display: flex; flex-direction: column; gap: 6px; margin: 12px 0; max-width: 760px; }
.adm-row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.adm-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 14px; }
.adm-card { border: 1px solid var(--border); border-radius: 8px; padding: 12px 14px; background: var(--card); margin-bottom: 10px; }
.adm-card > header { justify-content: space-between; }
.adm-facts { display: grid; grid-template-columns: 150px 1fr; gap: 4px 10px; margin: 8px 0; }
.adm-facts dt { color: var(--muted); } .adm-facts dd { margin: 0; }
.adm-table { width: 100%; border-collapse: collapse; margin: 8px 0; background: var(--bg); }
.adm-table caption { text-align: left; font-weight: 600; padding: 4px 0; }
.adm-table th, .adm-table td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
.adm-table thead th { background: var(--card); }
.adm-json code { font-size: 11.5px; }
.adm-badge { display: inline-block; padding: 0 7px; border-radius: 999px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.adm-status-done, .adm-status-complete, .adm-ok { color: var(--ok); }
.adm-status-failed, .adm-status-impossible, .adm-bad { color: var(--danger); }
.adm-status-partial, .adm-status-incomplete, .adm-status-unsearchable, .adm-warn { color: var(--warn); }
.adm-status-running, .adm-status-queued { color: var(--primary); }
.adm-reach { font-weight: 600; }
.adm-progress { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 2px 0; }
.adm-progress progress { width: 110px; }
.adm-filters { display: flex; gap: 12px; align-items: flex-end; flex-wrap: wrap; margin-bottom: 10px; }
.adm-filter { display: flex; flex-direction: column; gap: 2px; font-size: 13px; }
.adm-options { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 4px 12px; }
.adm-check { font-weight: 400; }
fieldset { border: 1px solid var(--border); border-radius: 6px; }
.adm-error { border: 2px solid var(--danger); border-radius: 8px; padding: 8px 12px; margin: 10px 0; background: #fdeceb; }
.adm-error p { margin: 4px 0 8px; }
.adm-warn-box { border-left: 4px solid var(--warn); background: #fff4e0; padding: 6px 10px; }
.adm-impact { border-top: 2px solid var(--border); margin-top: 14px; padding-top: 10px; }
.adm-action { font-size: 12px; font-weight: 600; color: var(--muted); }
.adm-details { padding: 4px 0 8px; }
`;
