import type { KitService } from '../../kits/kit-service';
import type { Handlers } from '../handlers';

type KitChannels = 'kits:preview' | 'kits:import' | 'kits:opened' | 'kits:dismiss' | 'kits:export';

/** Connection kits: preview and import (secrets to the vault, never back), and export. */
export function kitHandlers(kits: KitService): Pick<Handlers, KitChannels> {
  return {
    'kits:preview': async ({ text, fileName }) => kits.preview(text, fileName),
    'kits:import': async ({ kitId, passphrase }) => kits.import(kitId, passphrase),
    'kits:opened': async () => kits.opened(),
    'kits:dismiss': async ({ kitId }) => {
      kits.dismiss(kitId);
      return { dismissed: true };
    },
    'kits:export': async (choice) => kits.export(choice),
  };
}
