/** The admin console's entry: served by the viewer host at /admin (docs/admin.md). */
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ADMIN_CSS } from './styles.js';

const style = document.createElement('style');
style.textContent = ADMIN_CSS;
document.head.append(style);

const root = document.getElementById('admin-root');
if (!root) throw new Error('admin console: the page has no #admin-root element');
createRoot(root).render(<App />);
