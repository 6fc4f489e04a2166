import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { Translator } from '../shared/i18n';
import { applicationMenu, type AppCommandId, type MenuItemModel, type MenuModel } from '../shared/commands/app-commands';

export interface MenuActions {
  /** A command of the app: the UI runs it (it knows the course on screen). */
  run(id: AppCommandId): void;
  openPalette(): void;
}

function itemOptions(item: MenuItemModel, actions: MenuActions): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'role':
      return { role: item.role as MenuItemConstructorOptions['role'] };
    case 'palette':
      // The page handles the key itself (in browser mode too): the menu only shows it.
      return { label: item.label, accelerator: item.accelerator, registerAccelerator: false, click: () => actions.openPalette() };
    case 'command':
      return {
        label: item.label,
        ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
        click: () => actions.run(item.id),
      };
  }
}

/** Electron's menu template for the shared menu model. */
export function menuTemplate(menus: readonly MenuModel[], actions: MenuActions): MenuItemConstructorOptions[] {
  return menus.map((menu) => ({
    label: menu.label,
    ...(menu.role === 'appMenu' || menu.role === 'help' || menu.role === 'windowMenu' ? { role: menu.role } : {}),
    submenu: menu.items.map((item) => itemOptions(item, actions)),
  }));
}

/** Installs (or, after a language change, replaces) the application menu. */
export function installApplicationMenu(platform: NodeJS.Platform, translator: Translator, actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(applicationMenu(platform, translator), actions)));
}
