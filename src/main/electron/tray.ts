import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { TrayAction, TrayModel } from '../background/background-policy';

export interface AppTray {
  show(model: TrayModel): void;
  destroy(): void;
}

/**
 * The tray icon (Windows, Linux) or menu bar extra (macOS) and its menu, drawn from the policy's
 * model. On macOS a template image follows a light or dark menu bar; `@2x` files are picked up for
 * high-density screens.
 */
export function createTray(options: {
  iconDir: string;
  platform: string;
  actions: Record<TrayAction, () => void>;
}): AppTray {
  const file = options.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  const icon = nativeImage.createFromPath(join(options.iconDir, file));
  if (options.platform === 'darwin') icon.setTemplateImage(true);
  const tray = new Tray(icon);
  // On Windows and Linux a click on the icon opens the window; macOS shows the menu on click.
  if (options.platform !== 'darwin') tray.on('click', options.actions.open);

  return {
    show(model) {
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(model.items.map((item) => toMenuItem(item))));
    },
    destroy() {
      tray.destroy();
    },
  };

  function toMenuItem(item: TrayModel['items'][number]): MenuItemConstructorOptions {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'status') return { label: item.label, enabled: false };
    return { label: item.label, enabled: item.enabled, click: options.actions[item.action] };
  }
}
