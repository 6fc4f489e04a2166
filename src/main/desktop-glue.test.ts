import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../shared/i18n';
import type { LabCostView } from '../shared/labs/lab-rates';
import type { LabStatus, LabView } from '../shared/labs/lab-status';

/** A recording stand-in for the Electron APIs the desktop glue uses (Electron cannot run here). */
const recorded = vi.hoisted(() => ({
  protocolClients: [] as unknown[][],
  // The operating system's language, as Electron reports it.
  systemLanguages: ['en-US'] as string[],
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  applicationMenu: undefined as unknown,
  trays: [] as { icon: unknown; tooltip?: string; menu?: unknown; listeners: Map<string, () => void> }[],
  notifications: [] as {
    options: { title: string; body: string; actions: unknown[] };
    shown: boolean;
    listeners: Map<string, (...a: unknown[]) => void>;
  }[],
}));

vi.mock('electron', () => {
  class Tray {
    record = {
      icon: undefined as unknown,
      tooltip: undefined as string | undefined,
      menu: undefined as unknown,
      listeners: new Map<string, () => void>(),
    };
    constructor(icon: unknown) {
      this.record.icon = icon;
      recorded.trays.push(this.record);
    }
    setToolTip(text: string): void {
      this.record.tooltip = text;
    }
    setContextMenu(menu: unknown): void {
      this.record.menu = menu;
    }
    on(event: string, listener: () => void): void {
      this.record.listeners.set(event, listener);
    }
    destroy(): void {}
  }
  class Notification {
    static isSupported = () => true;
    record;
    constructor(options: { title: string; body: string; actions: unknown[] }) {
      this.record = { options, shown: false, listeners: new Map<string, (...a: unknown[]) => void>() };
      recorded.notifications.push(this.record);
    }
    on(event: string, listener: (...a: unknown[]) => void): void {
      this.record.listeners.set(event, listener);
    }
    show(): void {
      this.record.shown = true;
    }
  }
  return {
    app: {
      getLocale: () => recorded.systemLanguages[0] ?? 'en-US',
      getPreferredSystemLanguages: () => recorded.systemLanguages,
      setAsDefaultProtocolClient: (...args: unknown[]) => (recorded.protocolClients.push(args), true),
      on: (event: string, listener: (...args: unknown[]) => void) => recorded.appListeners.set(event, listener),
    },
    // buildFromTemplate hands back the template itself, so the test reads what Electron was given.
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => (recorded.applicationMenu = menu) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    Tray,
    Notification,
  };
});

const { registerDeepLinks, linkInArgv } = await import('./deep-link-glue');
const { installApplicationMenu } = await import('./app-menu');
const { createAppTray } = await import('./app-tray');
const { showLabNotifications } = await import('./desktop-notifications');
const { loadWindowState } = await import('./window-state');
const { keepInTrayOnClose } = await import('./close-to-tray');
const { EventBus } = await import('../core/api/event-bus');
const { desktopTranslator } = await import('./desktop-language');
const english = createTranslator('en');
const german = createTranslator('de');

type TemplateItem = {
  label?: string;
  role?: string;
  type?: string;
  enabled?: boolean;
  accelerator?: string;
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: TemplateItem[];
};

const lab = (courseId: string, group: LabStatus['group'], ready: boolean, state = 'CREATE_COMPLETE'): LabStatus => ({
  courseId,
  userId: 'u',
  stackName: courseId,
  stackId: 's',
  provider: 'c',
  state,
  group,
  ready,
  error: null,
  outputs: {},
  suspendBy: null,
  deleteBy: null,
  createdAt: 0,
  updatedAt: 0,
});
const viewOf = (status: LabStatus): LabView => ({
  courseId: status.courseId,
  lab: status,
  activity: null,
  usage: { runningHours: 0, limitHours: null, blocked: false },
  update: null,
  cloud: null,
});

describe('the desktop glue, driven through a stand-in for electron', () => {
  beforeEach(() => {
    recorded.appListeners.clear();
    recorded.protocolClients = [];
    recorded.trays = [];
    recorded.notifications = [];
    recorded.systemLanguages = ['en-US'];
  });

  it('registers labconsole:// and routes open-url (macOS) and second-instance argv (Windows, Linux), focusing the first window', () => {
    const routed: string[] = [];
    let focused = 0;
    registerDeepLinks({ route: (url) => routed.push(url), focus: () => focused++ });
    expect(recorded.protocolClients[0]![0]).toBe('labconsole');
    expect(recorded.protocolClients[0]![1]).toBe(process.execPath);
    let prevented = false;
    recorded.appListeners.get('open-url')!({ preventDefault: () => (prevented = true) }, 'labconsole://open?course=intro-linux');
    expect(prevented).toBe(true);
    recorded.appListeners.get('second-instance')!({}, [
      '/opt/Lab Console/lab-console',
      '--no-sandbox',
      'labconsole://open?course=web-basics&step=two',
    ]);
    recorded.appListeners.get('second-instance')!({}, ['/opt/Lab Console/lab-console']);
    expect(routed).toEqual(['labconsole://open?course=intro-linux', 'labconsole://open?course=web-basics&step=two']);
    expect(focused).toBe(3);
    expect(linkInArgv(['app', 'LabConsole://open?course=ab'])).toBe('LabConsole://open?course=ab');
  });

  it('builds the application menu from the shared model; a command is sent to the UI', () => {
    const run: string[] = [];
    let palette = 0;
    installApplicationMenu('linux', english, { run: (id) => run.push(id), openPalette: () => palette++ });
    const menus = recorded.applicationMenu as TemplateItem[];
    expect(menus.map((m) => m.label)).toEqual(['File', 'Edit', 'Lab', 'View', 'Window', 'Help']);
    const labMenu = menus.find((m) => m.label === 'Lab')!.submenu!;
    expect(labMenu.map((i) => i.label)).toEqual(['Launch lab', 'Suspend lab', 'Resume lab', 'Check this step', 'New shell']);
    labMenu[0]!.click!();
    const view = menus.find((m) => m.label === 'View')!.submenu!;
    expect(view[0]).toMatchObject({ label: 'Command palette…', accelerator: 'CmdOrCtrl+Shift+P', registerAccelerator: false });
    view[0]!.click!();
    expect(run).toEqual(['lab.launch']);
    expect(palette).toBe(1);
    expect(menus.find((m) => m.label === 'Edit')!.submenu!.map((i) => i.role ?? i.type)).toContain('paste');
    installApplicationMenu('darwin', english, { run: () => undefined, openPalette: () => undefined });
    expect((recorded.applicationMenu as TemplateItem[])[0]).toMatchObject({ label: 'Lab Console', role: 'appMenu' });
  });

  it('draws the tray from the tray model and acts on its items', async () => {
    let labs = [lab('intro-linux', 'up', true)];
    const acted: string[] = [];
    const tray = createAppTray({
      iconPath: '/app/dist/icons/tray.png',
      labs: () => labs,
      translator: () => english,
      cost: async (courseId) => ({ courseId, cost: null, problem: 'No rates are set' }),
      actions: {
        openLab: (id) => acted.push(`open ${id}`),
        suspendAll: () => acted.push('suspend all'),
        show: () => acted.push('show'),
        quit: () => acted.push('quit'),
      },
    });
    const drawn = recorded.trays[0]!;
    expect(drawn.icon).toEqual({ path: '/app/dist/icons/tray.png' });
    expect(drawn.tooltip).toBe('Lab Console — 1 lab running');
    const items = drawn.menu as TemplateItem[];
    expect(items.map((i) => i.label ?? i.type)).toEqual([
      'intro-linux — Running',
      'separator',
      'Suspend all labs',
      'Show Lab Console',
      'separator',
      'Quit (suspends running labs)',
    ]);
    for (const item of items) item.click?.();
    expect(acted).toEqual(['open intro-linux', 'suspend all', 'show', 'quit']);
    labs = [lab('intro-linux', 'down', false, 'SUSPEND_COMPLETE')];
    await tray.refresh();
    expect(drawn.tooltip).toBe('Lab Console — no lab running');
    expect((drawn.menu as TemplateItem[]).find((i) => i.label === 'Suspend all labs')!.enabled).toBe(false);
  });

  it('speaks the language of the setting, else the system’s: a German menu, tray with the cost this hour, and notifications', async () => {
    recorded.systemLanguages = ['de-DE', 'en-US'];
    let setting: 'system' | 'en' | 'de' = 'system';
    const translator = () => desktopTranslator(setting);
    expect(translator().language).toBe('de');
    installApplicationMenu('linux', translator(), { run: () => undefined, openPalette: () => undefined });
    const menus = recorded.applicationMenu as TemplateItem[];
    expect(menus.map((m) => m.label)).toEqual(['Datei', 'Bearbeiten', 'Lab', 'Ansicht', 'Fenster', 'Hilfe']);
    expect(menus[0]!.submenu!.map((i) => i.label ?? i.role ?? i.type)).toEqual(['Einstellungen', 'separator', 'quit']);
    expect(menus[2]!.submenu!.map((i) => i.label)).toEqual([
      'Lab starten',
      'Lab anhalten',
      'Lab fortsetzen',
      'Diesen Schritt prüfen',
      'Neue Shell',
    ]);
    expect(menus[3]!.submenu![0]).toMatchObject({ label: 'Befehlspalette…' });

    const priced = (courseId: string): LabCostView => ({
      courseId,
      problem: null,
      cost: {
        month: '2026-11',
        runningSeconds: 3600,
        suspendedSeconds: 0,
        cost: 0.42,
        perHourNow: 0.42,
        rate: { runningPerHour: 0.42, suspendedPerHour: 0.01, currency: 'EUR', source: 'cloud', flavors: [] },
        at: '2026-11-02T10:00:00.000Z',
      },
    });
    const tray = createAppTray({
      iconPath: '/app/dist/icons/tray.png',
      labs: () => [lab('intro-linux', 'up', true)],
      translator,
      cost: async (courseId) => priced(courseId),
      actions: { openLab: () => undefined, suspendAll: () => undefined, show: () => undefined, quit: () => undefined },
    });
    await tray.refresh();
    const drawn = recorded.trays[0]!;
    expect(drawn.tooltip).toBe('Lab Console — 1 Lab läuft');
    expect((drawn.menu as TemplateItem[]).map((i) => i.label ?? i.type)).toEqual([
      'intro-linux — Läuft, 0,42\u00a0€ in dieser Stunde',
      'separator',
      'Alle Labs anhalten',
      'Lab Console zeigen',
      'separator',
      'Beenden (hält laufende Labs an)',
    ]);
    // The setting wins over the system: English again at the next redraw.
    setting = 'en';
    await tray.refresh();
    expect((drawn.menu as TemplateItem[])[0]!.label).toBe('intro-linux — Running, €0.42 this hour');

    setting = 'de';
    const events = new EventBus();
    showLabNotifications({
      events,
      off: () => [],
      windowHidden: () => true,
      translator,
      openLab: () => undefined,
      keepRunning: () => undefined,
    });
    events.emit('lab.changed', viewOf(lab('intro-linux', 'pending', false, 'CREATE_IN_PROGRESS')));
    events.emit('lab.changed', viewOf(lab('intro-linux', 'up', true)));
    events.emit('lab.notice', { courseId: 'intro-linux', kind: 'idle-suspend-soon', at: 1, message: 'soon' });
    expect(recorded.notifications.map((n) => [n.options.title, n.options.body, n.options.actions])).toEqual([
      ['Dein Lab ist bereit', 'Das Lab von intro-linux läuft: Sein Terminal wartet auf dich.', []],
      [
        'Dein Lab wird in einer Minute angehalten',
        'Im Lab von intro-linux ist eine Weile nichts passiert.',
        [{ type: 'button', text: 'Weiterlaufen lassen' }],
      ],
    ]);
  });

  it('shows an OS notification for a lab-ready event; clicking it opens the lab, Keep running counts as activity', () => {
    const events = new EventBus();
    const opened: string[] = [];
    const kept: string[] = [];
    let off: string[] = [];
    showLabNotifications({
      events,
      off: () => off as never,
      windowHidden: () => true,
      translator: () => english,
      openLab: (id) => opened.push(id),
      keepRunning: (id) => kept.push(id),
    });
    events.emit('lab.changed', viewOf(lab('intro-linux', 'pending', false, 'CREATE_IN_PROGRESS')));
    events.emit('lab.changed', viewOf(lab('intro-linux', 'up', true)));
    expect(recorded.notifications.map((n) => [n.options.title, n.shown])).toEqual([['Your lab is ready', true]]);
    recorded.notifications[0]!.listeners.get('click')!();
    expect(opened).toEqual(['intro-linux']);
    events.emit('lab.notice', { courseId: 'intro-linux', kind: 'idle-suspend-soon', at: 1, message: 'soon' });
    const idle = recorded.notifications[1]!;
    expect(idle.options.actions).toEqual([{ type: 'button', text: 'Keep running' }]);
    idle.listeners.get('action')!({}, 0);
    expect(kept).toEqual(['intro-linux']);
    off = ['idle-suspend-soon'];
    events.emit('lab.notice', { courseId: 'intro-linux', kind: 'idle-suspend-soon', at: 2, message: 'soon' });
    expect(recorded.notifications).toHaveLength(2);
  });

  it('closing the window with labs running hides it to the tray, explained once; the setting or a quit lets it close', () => {
    let onClose: ((event: { preventDefault(): void }) => void) | undefined;
    let hidden = 0;
    const window = { on: (_event: string, listener: typeof onClose) => (onClose = listener), hide: () => hidden++ };
    const settings: { closeToTray?: boolean; trayExplained?: boolean } = {};
    let running = 1;
    let quitting = false;
    keepInTrayOnClose(window as never, {
      runningLabs: () => running,
      settings: () => settings,
      markExplained: () => (settings.trayExplained = true),
      translator: () => german,
      quitting: () => quitting,
    });
    const close = (): boolean => {
      let prevented = false;
      onClose!({ preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(close()).toBe(true);
    expect(recorded.notifications.map((n) => n.options.title)).toEqual(['Lab Console läuft noch']);
    expect(close()).toBe(true);
    expect(recorded.notifications).toHaveLength(1);
    expect(hidden).toBe(2);
    settings.closeToTray = false;
    expect(close()).toBe(false);
    settings.closeToTray = true;
    running = 0;
    expect(close()).toBe(false);
    running = 1;
    quitting = true;
    expect(close()).toBe(false);
  });

  describe('window state', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-window-'));
    const file = join(dir, 'window-state.json');
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('restores a saved size, place and maximised state that is still on a screen, and nothing else', () => {
      writeFileSync(file, JSON.stringify({ x: 100, y: 50, width: 1400, height: 900, maximized: true }));
      expect(loadWindowState(file, screen)).toEqual({ x: 100, y: 50, width: 1400, height: 900, maximized: true });
      // A screen since unplugged.
      writeFileSync(file, JSON.stringify({ x: 4000, y: 50, width: 1400, height: 900, maximized: false }));
      expect(loadWindowState(file, screen)).toBeUndefined();
      writeFileSync(file, '{"x": "left"');
      expect(loadWindowState(file, screen)).toBeUndefined();
      expect(loadWindowState(join(dir, 'missing.json'), screen)).toBeUndefined();
    });
  });
});
