export { startViewerHost, PLUGIN_PATH, defaultPluginDir, type ViewerHost, type ViewerHostOptions } from './host.js';
export { renderAppConfig, type AppConfigOptions } from './appConfig.js';
