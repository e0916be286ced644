import getCommandsModule from './getCommandsModule.js';
import getPanelModule from './getPanelModule.js';
import { id } from './id.js';
import preRegistration from './preRegistration.js';

/** The deid-share OHIF extension: the De-identify & Share panel and its commands. */
const extension = {
  id,
  preRegistration,
  getPanelModule,
  getCommandsModule,
};

export default extension;
