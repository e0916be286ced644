import { getDeidShareService } from './deidShareService.js';
import { PANEL_ID } from './id.js';
import type { ExtensionParams } from './ohif.js';

/**
 * Commands:
 *  - openDeidSharePanel: shows the De-identify & Share panel (the toolbar button runs it);
 *  - deidShareStudies({ studyInstanceUIDs, peers }): starts the shares; progress shows in the panel.
 */
export default function getCommandsModule({ servicesManager }: ExtensionParams) {
  const actions = {
    openDeidSharePanel: () => {
      servicesManager.services.panelService.activatePanel(PANEL_ID, true);
    },
    deidShareStudies: ({ studyInstanceUIDs, peers }: { studyInstanceUIDs?: unknown; peers?: unknown }) => {
      if (!isStringList(studyInstanceUIDs) || studyInstanceUIDs.length === 0) {
        throw new Error('deidShareStudies needs studyInstanceUIDs: a non-empty list of study UIDs');
      }
      if (!isStringList(peers) || peers.length === 0) throw new Error('deidShareStudies needs peers: a non-empty list of peer names');
      getDeidShareService(servicesManager).shares.share(studyInstanceUIDs, peers);
      actions.openDeidSharePanel();
    },
  };
  return {
    actions,
    definitions: {
      openDeidSharePanel: { commandFn: actions.openDeidSharePanel },
      deidShareStudies: { commandFn: actions.deidShareStudies },
    },
    defaultContext: 'DEFAULT',
  };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}
