export const id = '@deid-share/ohif-mode';

/** The extension this mode shows, by its namespaced ids (see extensions/deid-share/src/id.ts). */
export const deidShare = {
  panel: 'deid-share.panelModule.deidShare',
  openPanelCommand: 'openDeidSharePanel',
};
