import { act, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { CourseDetail } from '../../shared/course/course-library';
import { uiRemote as english } from '../../shared/i18n/catalogue/en/ui-remote';
import { uiRemote as german } from '../../shared/i18n/catalogue/de/ui-remote';
import type { LabView } from '../../shared/labs';
import type { WorkspaceTabs } from '../../shared/stream/workspace-tabs';
import { ApiProvider, StreamProvider } from '../api/api-context';
import type { StreamOpener } from '../api/live-stream';
import { DesktopView } from '../desktop/DesktopView';
import type { SettingsState } from '../hooks/use-settings';
import { translator } from '../i18n/translator';
import { activityOf, labOf, viewOf } from '../lab/lab-fixtures.test-support';
import { matchCountText } from '../terminal/TerminalFind';
import { TerminalView } from '../terminal/TerminalView';
import { VncView } from '../vnc/VncView';
import { certificateMismatch } from './certificate-mismatch';
import { LabWorkspace } from './LabWorkspace';
import { SessionStatusLine } from './SessionStatusLine';
import { WorkspaceTabBar } from './WorkspaceTabBar';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') found.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) found.set(k, v);
  }
  return found;
}

/**
 * The English words of the remote views' catalogue that must not show in German: each string's
 * text between its placeholders and tags, unless German says the same ("Desktop", "Shell").
 */
function englishWords(): string[] {
  const de = leaves(german);
  const words = new Set<string>();
  for (const [key, en] of leaves(english)) {
    const translated = de.get(key) ?? '';
    if (en === translated) continue;
    for (const piece of en.split(/\{\{[^}]*\}\}|<\/?\w+>/)) {
      const text = piece.trim();
      if (/\p{L}{2,}/u.test(text) && !translated.includes(text)) words.add(text);
    }
  }
  return [...words];
}

/** What a person reads or hears now: each text (not style sheets), and the names, titles and placeholders of every element. */
function readable(): string {
  const parts: string[] = [];
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    if (node.parentElement?.closest('style, script') === null && node.textContent?.trim()) parts.push(node.textContent);
  }
  for (const element of document.body.querySelectorAll('*')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'aria-description']) {
      const value = element.getAttribute(name);
      if (value) parts.push(value);
    }
  }
  return parts.join('\n');
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function englishLeft(text: string): string[] {
  return englishWords().filter((words) => new RegExp(`(^|[^\\p{L}])${escape(words)}($|[^\\p{L}])`, 'u').test(text));
}

const course = {
  id: 'intro-linux',
  connections: [
    { name: 'web1', protocol: 'ssh' },
    { name: 'win', protocol: 'rdp' },
    { name: 'gui', protocol: 'vnc' },
  ],
  services: [{ name: 'grafana', connection: 'web1' }],
  firstTabs: [
    { connection: 'web1', protocol: 'ssh', title: null },
    { connection: 'win', protocol: 'rdp', title: null },
  ],
} as unknown as CourseDetail;

/** The app as the views see it: every session opens (its id names its kind and connection) and status events are sent by the test. */
function fakeApp(options: { view?: LabView; course?: CourseDetail; tabs?: WorkspaceTabs } = {}) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const call = vi.fn(async (name: string, input: Record<string, unknown>) => {
    if (name === 'lab.view') return options.view ?? viewOf(labOf('CREATE_COMPLETE', 'up'));
    if (name === 'course.get') return options.course ?? course;
    if (name === 'session.tabs') return options.tabs ?? null;
    if (name === 'session.list') return { sessions: [] };
    if (name === 'session.open') return { sessionId: `${String(input.kind)}-${String(input.connection)}` };
    return { ok: true };
  });
  const api = {
    call,
    on: (name: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set.add(listener));
      return () => set.delete(listener);
    },
  } as unknown as LabApi;
  const streams: StreamOpener = () => ({ send: () => undefined, close: () => undefined });
  const status = (event: Record<string, unknown>): void => {
    act(() => listeners.get('session.status')?.forEach((listener) => listener(event)));
  };
  const wrap = (children: ReactNode): ReactNode => (
    <ApiProvider api={api}>
      <StreamProvider open={streams}>{children}</StreamProvider>
    </ApiProvider>
  );
  return { wrap, status, call };
}

/** happy-dom lays nothing out: the desktop pane is given a size, as a browser would measure it. */
class MeasuredPane {
  constructor(private readonly callback: (entries: { contentRect: { width: number; height: number } }[]) => void) {}
  observe(): void {
    this.callback([{ contentRect: { width: 1280, height: 800 } }]);
  }
  disconnect(): void {}
}

const settings = { settings: undefined, error: undefined, update: async () => true } as unknown as SettingsState;

/**
 * Every remote view, in each state that has its own words, on one page; what it reads at each
 * stage (a rename field or a menu closes when the next view takes the focus).
 */
async function renderRemoteViews(): Promise<string> {
  vi.stubGlobal('ResizeObserver', MeasuredPane);
  const seen: string[] = [];

  const tabs = fakeApp();
  render(
    tabs.wrap(
      <WorkspaceTabBar
        tabs={{
          tabs: [
            { id: 't1', kind: 'terminal', connection: 'web1', title: null },
            { id: 't2', kind: 'desktop', connection: 'win', title: null },
          ],
          active: 't1',
        }}
        connections={course.connections}
        services={course.services}
        onShow={() => undefined}
        onClose={() => undefined}
        onRename={() => undefined}
        onAdd={() => undefined}
        onAddService={() => undefined}
      />,
    ),
  );
  fireEvent.click(screen.getByRole('button', { name: translator.t('session.tabs.newTab') }));
  fireEvent.keyDown(screen.getAllByRole('tab')[1]!, { key: 'F2' });
  seen.push(readable());

  // A suspended lab, a course without machines, no tab open.
  const suspended = fakeApp({ view: viewOf(labOf('SUSPEND_COMPLETE', 'down')) });
  render(suspended.wrap(<LabWorkspace courseId="intro-linux" settings={settings} />));
  const noLab = fakeApp({ view: viewOf(null) });
  render(noLab.wrap(<LabWorkspace courseId="intro-linux" settings={settings} />));
  const reading = fakeApp({ course: { ...course, connections: [], services: [], firstTabs: [] } });
  render(reading.wrap(<LabWorkspace courseId="intro-linux" settings={settings} />));
  const empty = fakeApp({ tabs: { tabs: [], active: null } });
  render(empty.wrap(<LabWorkspace courseId="intro-linux" settings={settings} />));

  // A terminal, connected, with its find bar and its menu open; a read-only one whose host key changed.
  const terminal = fakeApp();
  const { container } = render(
    terminal.wrap(<TerminalView courseId="intro-linux" connection="web1" active fontSize={14} onFontSize={() => undefined} />),
  );
  const watched = fakeApp();
  render(watched.wrap(<TerminalView courseId="intro-linux" connection="box" active readOnly fontSize={14} onFontSize={() => undefined} />));
  await vi.waitFor(() => expect(terminal.call).toHaveBeenCalledWith('session.open', expect.objectContaining({ connection: 'web1' })));
  await vi.waitFor(() => expect(watched.call).toHaveBeenCalledWith('session.open', expect.objectContaining({ connection: 'box' })));
  terminal.status({ kind: 'terminal', sessionId: 'terminal-web1', status: 'connected' });
  watched.status({
    kind: 'terminal',
    sessionId: 'terminal-box',
    status: 'failed',
    failure: 'host-key-changed',
    // The app's own message (not this catalogue's), kept free of English words here.
    message: 'box: SHA256:aaa ≠ SHA256:bbb',
    expectedFingerprint: 'SHA256:aaa',
    receivedFingerprint: 'SHA256:bbb',
  });
  const terminalHost = container.querySelector('.terminal-host')!;
  fireEvent.contextMenu(terminalHost, { clientX: 10, clientY: 10 });
  fireEvent.click(screen.getByRole('menuitem', { name: new RegExp(escape(translator.t('terminal.menu.find'))) }));
  fireEvent.contextMenu(terminalHost, { clientX: 10, clientY: 10 });
  seen.push(readable());

  // An RDP desktop, connected, with "Paste as keystrokes" open; a read-only one.
  const desktop = fakeApp();
  render(desktop.wrap(<DesktopView courseId="intro-linux" connection="win" />));
  await vi.waitFor(() => expect(desktop.call).toHaveBeenCalledWith('session.open', expect.objectContaining({ connection: 'win' })));
  desktop.status({ kind: 'desktop', sessionId: 'desktop-win', status: 'connected', width: 1280, height: 800 });
  fireEvent.click(screen.getByRole('button', { name: translator.t('desktop.pasteAsKeystrokes') }));
  render(fakeApp().wrap(<DesktopView courseId="intro-linux" connection="win2" readOnly />));

  // A VNC desktop, connected over TLS, its clipboard open.
  const vnc = fakeApp();
  render(vnc.wrap(<VncView courseId="intro-linux" connection="gui" />));
  await vi.waitFor(() => expect(vnc.call).toHaveBeenCalledWith('session.open', expect.objectContaining({ connection: 'gui' })));
  vnc.status({ kind: 'vnc', sessionId: 'vnc-gui', status: 'connected', encrypted: true });
  fireEvent.click(screen.getByRole('button', { name: translator.t('vnc.clipboard') }));

  // The status line's other states: failed, closed, lab suspended, a changed certificate, the lab on its way.
  const line = (status: Record<string, unknown>, view?: LabView): void => {
    const app = fakeApp(view ? { view } : {});
    render(
      app.wrap(
        <SessionStatusLine
          courseId="intro-linux"
          connection="gui"
          session={{ sessionId: 's', status: { kind: 'vnc', sessionId: 's', ...status } as never }}
          mismatch={certificateMismatch(status)}
          restartLabel={translator.t('session.status.tryAgain')}
          onRestart={() => undefined}
        />,
      ),
    );
  };
  line({ status: 'failed', message: 'ECONNREFUSED 10.0.0.5:5900' });
  line({ status: 'closed' });
  line({ status: 'lab-suspended' });
  line({ status: 'reconnecting' });
  line({ status: 'failed', failure: 'certificate-changed', message: 'x', expectedSha256: 'ab', actualSha256: 'cd' });
  line({ status: 'failed' }, viewOf(labOf('SUSPEND_COMPLETE', 'down'), activityOf('lab.resume', 'running')));
  await act(async () => undefined);
  seen.push(readable());
  return seen.join('\n');
}

afterEach(async () => {
  vi.unstubAllGlobals();
  await translator.changeLanguage('en');
});

describe('the remote views in German', () => {
  it('say everything in German: tabs, status lines, terminal, desktops, menus and labels', async () => {
    await translator.changeLanguage('de');
    const text = await renderRemoteViews();
    for (const german of [
      'Neuer Tab',
      'Shell auf web1',
      'Webseite: grafana',
      'Name des Tabs',
      'Lab angehalten',
      'Drück auf Fortsetzen',
      'Kein Lab läuft',
      'Keine Lab-Maschinen in diesem Kurs',
      'Kein Tab offen',
      'Verbunden',
      'mit web1',
      'Kleinere Schrift',
      'Screenreader-Modus',
      'Im Terminal suchen',
      'Alles auswählen',
      'Nur Ansicht',
      'Erwartet',
      'mit win (1280×800)',
      'Als Tastenanschläge einfügen',
      'mit gui (verschlüsselt)',
      'Zwischenablage',
      'Erneut versuchen',
      'Fortsetzen',
      'Wird neu verbunden…',
      'Erwarteter SHA-256',
      'dieser Tab verbindet sich wieder',
    ]) {
      expect(text).toContain(german);
    }
    expect(englishLeft(text)).toEqual([]);
  });

  it('counts matches in German, the numbers formatted for German readers', async () => {
    await translator.changeLanguage('de');
    expect(matchCountText({ resultIndex: -1, resultCount: 1200 }, 'x')).toBe('1.200 Treffer');
    expect(matchCountText({ resultIndex: 2, resultCount: 12 }, 'x')).toBe('3 von 12');
    expect(matchCountText({ resultIndex: -1, resultCount: 0 }, 'x')).toBe('Keine Treffer');
  });

  it('finds the English words when the same views are shown in English (the check above can fail)', async () => {
    const left = englishLeft(await renderRemoteViews());
    expect(left).toContain('New tab');
    expect(left).toContain('Screen reader mode');
    expect(left).toContain('Paste as keystrokes');
  });
});
