import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { trayModel, type TrayItem } from '../core/app/tray-model';
import type { LabStatus } from '../shared/labs/lab-status';

export interface TrayActions {
  openLab(courseId: string): void;
  suspendAll(): void;
  show(): void;
  /** Quits as the app menu does: running labs are suspended first. */
  quit(): void;
}

function itemOptions(item: TrayItem, actions: TrayActions): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'lab':
      return { label: item.label, click: () => actions.openLab(item.courseId) };
    case 'suspendAll':
      return { label: item.label, enabled: item.enabled, click: () => actions.suspendAll() };
    case 'show':
      return { label: item.label, click: () => actions.show() };
    case 'quit':
      return { label: item.label, click: () => actions.quit() };
  }
}

/** The tray icon and its menu, drawn from the tray model; `refresh` redraws it after a lab changed. */
export function createAppTray(options: { iconPath: string; labs: () => readonly LabStatus[]; actions: TrayActions }): {
  refresh(): void;
  destroy(): void;
} {
  const tray = new Tray(nativeImage.createFromPath(options.iconPath));
  const refresh = (): void => {
    const model = trayModel(options.labs());
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(model.items.map((item) => itemOptions(item, options.actions))));
  };
  tray.on('click', () => options.actions.show());
  refresh();
  return { refresh, destroy: () => tray.destroy() };
}
