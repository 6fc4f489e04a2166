import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { translator } from '../i18n/translator';
import { setActiveTerminal } from '../lab/run-in-terminal';
import type { TerminalStatusEvent } from '../../shared/ssh';
import { SessionStatusLine, type SessionStatusLineProps } from '../session/SessionStatusLine';
import { currentKeyMode, workspaceCommand } from '../session/workspace-keys';
import { applyFontSize, applyScreenReaderMode, createXterm, type Xterm } from './create-xterm';
import { TerminalContextMenu, type MenuItem } from './TerminalContextMenu';
import { TerminalFind } from './TerminalFind';
import { isMacPlatform, nextFontSize, terminalShortcut } from './terminal-shortcuts';
import { useTerminalSession, type TerminalOpener } from './use-terminal-session';
import './terminal.css';

export interface TerminalViewProps {
  readonly courseId: string;
  readonly connection: string;
  /** The visible tab: it takes "Run in terminal" and the keyboard focus. */
  readonly active: boolean;
  readonly fontSize: number;
  onFontSize(size: number): void;
  /** Output only (the instructor watching a learner's lab): nothing typed is sent. */
  readonly readOnly?: boolean;
  /** How to open the session instead of `session.open`; keep it stable (useCallback). */
  readonly open?: TerminalOpener;
  /** The Lab tab it is: the shell outlives the view, which takes it back when shown again. */
  readonly tabId?: string;
  /** The id of what the "leave the terminal" key focuses (the tab); without one, the terminal's toolbar. */
  readonly leaveTo?: string;
}

const MAC = isMacPlatform(navigator.platform || navigator.userAgent);
const MOD = MAC ? '⌘' : 'Ctrl+Shift+';
const KEY_MODE = currentKeyMode();

/** xterm takes no keystrokes at all (a read-only view); the app drops any that still come. */
function refuseInput(xterm: Xterm): void {
  xterm.terminal.options.disableStdin = true;
}

/** A changed or unexpected host key: both fingerprints, for the learner to compare or report. */
function hostKeyMismatch(status: TerminalStatusEvent): SessionStatusLineProps['mismatch'] {
  if (status.failure !== 'host-key-changed' && status.failure !== 'host-key-mismatch') return undefined;
  return [
    [translator.t('terminal.hostKey.expected'), status.expectedFingerprint],
    [translator.t('terminal.hostKey.received'), status.receivedFingerprint],
  ];
}

async function copyText(text: string): Promise<void> {
  if (text) await navigator.clipboard?.writeText(text).catch(() => undefined);
}

/** One SSH terminal into a lab connection: xterm with copy/paste, zoom, find, links and a status line. */
export function TerminalView(props: TerminalViewProps): ReactNode {
  const { courseId, connection, active, fontSize, onFontSize, readOnly = false, open, tabId } = props;
  const api = useApi();
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [xterm, setXterm] = useState<Xterm>();
  const [generation, setGeneration] = useState(0);
  const [screenReader, setScreenReader] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number }>();
  const [finding, setFinding] = useState(false);
  const session = useTerminalSession(xterm, courseId, connection, generation, { open, readOnly, tabId });
  const fontSizeRef = useRef(fontSize);
  useEffect(() => {
    fontSizeRef.current = fontSize;
  }, [fontSize]);

  const focusTerminal = useCallback(() => xterm?.terminal.focus(), [xterm]);

  const paste = useCallback(async () => {
    const text = await navigator.clipboard?.readText().catch(() => undefined);
    if (text) xterm?.terminal.paste(text);
    xterm?.terminal.focus();
  }, [xterm]);

  const openMenuAtCursor = useCallback(() => {
    const box = host.current?.getBoundingClientRect();
    if (box) setMenu({ x: box.left + 24, y: box.top + 24 });
  }, []);

  useEffect(() => {
    if (!host.current) return;
    const created = createXterm(host.current, { fontSize: fontSizeRef.current, screenReaderMode: false });
    // The pane-cycling key (F6) lands here when it reaches the lab.
    created.terminal.textarea?.setAttribute('data-pane-focus', '');
    setXterm(created);
    const observer = new ResizeObserver(() => {
      if (host.current && host.current.offsetWidth > 0) created.fit.fit();
    });
    observer.observe(host.current);
    return () => {
      observer.disconnect();
      created.terminal.dispose();
    };
  }, []);

  useEffect(() => {
    if (!xterm) return;
    const { terminal } = xterm;
    terminal.attachCustomKeyEventHandler((event) => {
      // Leaving the terminal, switching tabs or panes: the workspace's keys, not the shell's.
      if (workspaceCommand(event, KEY_MODE)) return false;
      if (event.type === 'keydown' && (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10'))) {
        event.preventDefault();
        openMenuAtCursor();
        return false;
      }
      const shortcut = terminalShortcut(event, MAC);
      if (!shortcut) return true;
      event.preventDefault();
      if (shortcut === 'copy') void copyText(terminal.getSelection());
      else if (shortcut === 'paste') void paste();
      else if (shortcut === 'find') setFinding(true);
      else onFontSize(nextFontSize(fontSizeRef.current, shortcut));
      return false;
    });
    // X11-style: a selection is copied as it is made.
    const selection = terminal.onSelectionChange(() => void copyText(terminal.getSelection()));
    return () => selection.dispose();
  }, [xterm, paste, onFontSize, openMenuAtCursor]);

  useEffect(() => {
    if (xterm && readOnly) refuseInput(xterm);
  }, [xterm, readOnly]);

  useEffect(() => {
    if (xterm) applyFontSize(xterm, fontSize);
  }, [xterm, fontSize]);

  useEffect(() => {
    if (xterm) applyScreenReaderMode(xterm, screenReader);
  }, [xterm, screenReader]);

  useEffect(() => {
    if (!active || !xterm) return;
    xterm.fit.fit();
    xterm.terminal.focus();
  }, [active, xterm]);

  useEffect(() => {
    if (!active || !xterm) return;
    const { link } = session;
    if (!link || readOnly || session.status.status !== 'connected') return;
    setActiveTerminal((command) => {
      link.input(command);
      xterm.terminal.focus();
    });
    return () => setActiveTerminal(undefined);
  }, [active, xterm, session, readOnly]);

  const closeMenu = useCallback(
    (returnFocus: boolean) => {
      setMenu(undefined);
      if (returnFocus) xterm?.terminal.focus();
    },
    [xterm],
  );

  const clear = (): void => {
    xterm?.terminal.clear();
    // The app keeps output for the next window too: it forgets it as well.
    if (session.sessionId && !readOnly) void api.call('session.clearScrollback', { sessionId: session.sessionId }).catch(() => undefined);
    focusTerminal();
  };
  const reconnect = (): void => {
    const { sessionId, status } = session;
    if (sessionId && status.status !== 'closed') void api.call('session.reconnect', { sessionId }).catch(() => undefined);
    else setGeneration((g) => g + 1);
    focusTerminal();
  };

  const menuItems: MenuItem[] = [
    {
      label: t('terminal.menu.copy'),
      shortcut: `${MOD}C`,
      disabled: !xterm?.terminal.hasSelection(),
      run: () => void copyText(xterm?.terminal.getSelection() ?? ''),
    },
    { label: t('terminal.menu.paste'), shortcut: `${MOD}V`, disabled: readOnly, run: () => void paste() },
    { label: t('terminal.menu.selectAll'), run: () => xterm?.terminal.selectAll() },
    { label: t('terminal.menu.find'), shortcut: `${MOD}F`, run: () => setFinding(true) },
    { label: t('terminal.menu.clear'), run: clear },
    { label: t('terminal.menu.reconnect'), run: reconnect },
  ];

  return (
    <div className="terminal-view" hidden={!active} data-leave-to={props.leaveTo ?? ''}>
      <div className="session-toolbar" role="toolbar" aria-label={t('terminal.toolbar', { connection })}>
        <SessionStatusLine
          courseId={courseId}
          connection={connection}
          session={session}
          mismatch={hostKeyMismatch(session.status)}
          canResume={!readOnly}
          restartLabel={t('terminal.newShell')}
          onRestart={() => setGeneration((g) => g + 1)}
        />
        {readOnly && (
          <span className="session-readonly" role="note">
            {t('terminal.readOnly')}
          </span>
        )}
        <span className="session-tools">
          <button
            type="button"
            aria-label={t('terminal.smallerText')}
            title={t('terminal.smallerTextTitle', { keys: `${MAC ? '⌘' : 'Ctrl+'}−` })}
            onClick={() => onFontSize(nextFontSize(fontSize, 'zoom-out'))}
          >
            A−
          </button>
          <button
            type="button"
            aria-label={t('terminal.largerText')}
            title={t('terminal.largerTextTitle', { keys: `${MAC ? '⌘' : 'Ctrl+'}+` })}
            onClick={() => onFontSize(nextFontSize(fontSize, 'zoom-in'))}
          >
            A+
          </button>
          <button type="button" aria-pressed={screenReader} onClick={() => setScreenReader((on) => !on)}>
            {t('terminal.screenReader')}
          </button>
          <button
            type="button"
            aria-haspopup="menu"
            title={t('terminal.moreTitle')}
            onClick={(event) => {
              const box = event.currentTarget.getBoundingClientRect();
              setMenu({ x: box.left, y: box.bottom + 2 });
            }}
          >
            {t('terminal.more')}
          </button>
        </span>
      </div>
      {finding && (
        <TerminalFind
          xterm={xterm}
          onClose={() => {
            setFinding(false);
            focusTerminal();
          }}
        />
      )}
      <div
        ref={host}
        className="terminal-host"
        data-session={session.sessionId}
        onContextMenu={(event) => {
          event.preventDefault();
          setMenu({ x: event.clientX, y: event.clientY });
        }}
      />
      {menu && <TerminalContextMenu x={menu.x} y={menu.y} items={menuItems} onClose={closeMenu} />}
    </div>
  );
}
