export const id = 'deid-share';

/** Namespaced ids other modules (the mode, toolbar buttons) refer to. */
export const PANEL_NAME = 'deidShare';
export const PANEL_ID = `${id}.panelModule.${PANEL_NAME}`;
