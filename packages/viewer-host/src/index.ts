export { startViewerHost, type ViewerHost, type ViewerHostOptions } from './host.js';
