import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { trayCosts, trayModel, type TrayItem } from '../core/app/tray-model';
import type { Translator } from '../shared/i18n';
import type { LabCostView } from '../shared/labs/lab-rates';
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

export interface AppTrayOptions {
  readonly iconPath: string;
  labs(): readonly LabStatus[];
  /** The learner's language now (the setting, else the system's). */
  translator(): Translator;
  /** A lab's cost this month and per hour now (the lab service's `cost`, learnerLabCost). */
  cost(courseId: string): Promise<LabCostView>;
  readonly actions: TrayActions;
}

/** The labs and their states as far as the cost per hour goes: costs are asked again only when it changes. */
const costKey = (labs: readonly LabStatus[]): string =>
  labs
    .map((lab) => `${lab.courseId}:${lab.group}:${lab.state}`)
    .sort()
    .join(' ');

/**
 * The tray icon and its menu, drawn from the tray model; `refresh` redraws it after a lab or the
 * language changed: at once, then again with each lab's cost this hour once its cloud answered
 * (asked only when a lab's state changed, not on every redraw).
 */
export function createAppTray(options: AppTrayOptions): { refresh(): Promise<void>; destroy(): void } {
  const tray = new Tray(nativeImage.createFromPath(options.iconPath));
  let costs: ReadonlyMap<string, LabCostView> = new Map();
  let costsFor: string | undefined;
  let asking: Promise<void> = Promise.resolve();
  const draw = (): void => {
    const model = trayModel(options.labs(), options.translator(), costs);
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(model.items.map((item) => itemOptions(item, options.actions))));
  };
  const refresh = (): Promise<void> => {
    draw();
    const labs = options.labs();
    const key = costKey(labs);
    if (key === costsFor) return asking;
    costsFor = key;
    asking = trayCosts(labs, options.cost).then((fresh) => {
      // A later change of the labs asks again: its costs win.
      if (costsFor !== key) return;
      costs = fresh;
      draw();
    });
    return asking;
  };
  tray.on('click', () => options.actions.show());
  void refresh();
  return { refresh, destroy: () => tray.destroy() };
}
