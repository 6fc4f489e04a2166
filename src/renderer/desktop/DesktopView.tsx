import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RdpInputEvent } from '../../shared/rdp/rdp-events';
import { RemoteDesktopStatus } from '../session/RemoteDesktopStatus';
import type { RemoteDesktopViewProps } from '../session/session-kind-view';
import { currentKeyMode, workspaceCommand } from '../session/workspace-keys';
import { buttonOf, fitInto, keyEvents, textEvents, toDesktop, wheelUnits } from './desktop-input';
import { canvasSink } from './desktop-link';
import { useDesktopSession, type PaneSize } from './use-desktop-session';
import './desktop.css';

const KEY_MODE = currentKeyMode();

/**
 * One remote desktop into a lab connection: a canvas scaled to fit the pane (the remote desktop
 * takes the pane's size, reconnecting when it changes), keyboard by physical key, mouse and
 * wheel, Ctrl+Alt+Del and "Paste as keystrokes", and a status line.
 */
export function DesktopView({ courseId, connection, tabId, leaveTo, readOnly = false }: RemoteDesktopViewProps): ReactNode {
  const { t } = useTranslation();
  const screen = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pane, setPane] = useState<PaneSize>();
  const [desktop, setDesktop] = useState<PaneSize>();
  const [generation, setGeneration] = useState(0);
  const [pasteText, setPasteText] = useState<string>();
  const [canvasElement, setCanvasElement] = useState<HTMLCanvasElement | null>(null);
  const sink = useMemo(
    () => (canvasElement ? canvasSink(canvasElement, (width, height) => setDesktop({ width, height })) : undefined),
    [canvasElement],
  );
  const session = useDesktopSession(sink, pane, courseId, connection, generation, tabId);
  const link = session.link;
  const pendingMove = useRef<{ x: number; y: number }>(undefined);
  const moveFrame = useRef<number>(undefined);

  useEffect(() => {
    setCanvasElement(canvas.current);
    const element = screen.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const box = entry?.contentRect;
      if (box && box.width > 0 && box.height > 0) setPane({ width: Math.round(box.width), height: Math.round(box.height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => () => cancelAnimationFrame(moveFrame.current ?? 0), []);

  const shown = desktop && pane ? fitInto(desktop, pane) : undefined;

  /** Sends events in order: a pointer move still waiting for its frame goes first. */
  const send = (events: RdpInputEvent[]): void => {
    if (readOnly) return;
    const move = pendingMove.current;
    pendingMove.current = undefined;
    link?.input(move ? [{ type: 'mouse-move', ...move }, ...events] : events);
  };
  const pointAt = (event: { clientX: number; clientY: number }): { x: number; y: number } | undefined => {
    if (!canvas.current || !desktop) return undefined;
    return toDesktop(event.clientX, event.clientY, canvas.current.getBoundingClientRect(), desktop);
  };
  const connected = session.status.status === 'connected' && !readOnly;
  const { width, height } = session.status;

  const typePaste = (): void => {
    if (pasteText) send(textEvents(pasteText));
    setPasteText(undefined);
    screen.current?.focus();
  };

  return (
    <div className="desktop-view" data-leave-to={leaveTo ?? ''}>
      <div className="session-toolbar" role="toolbar" aria-label={t('session.remoteDesktop.toolbar', { connection })}>
        <RemoteDesktopStatus
          courseId={courseId}
          connection={connection}
          session={session}
          connectedDetail={width && height ? ` ${t('desktop.size', { width, height })}` : ''}
          readOnly={readOnly}
          onRestart={() => setGeneration((g) => g + 1)}
        />
        <span className="session-tools">
          <button type="button" disabled={!connected} onClick={() => link?.ctrlAltDel()}>
            Ctrl+Alt+Del
          </button>
          <button
            type="button"
            disabled={!connected}
            onClick={() => {
              // Prefilled from the clipboard when the browser allows it; the learner sees what will be typed.
              setPasteText('');
              void navigator.clipboard
                ?.readText()
                .then((text) => setPasteText((current) => (current === '' ? text : current)))
                .catch(() => undefined);
            }}
          >
            {t('desktop.pasteAsKeystrokes')}
          </button>
        </span>
      </div>
      {pasteText !== undefined && (
        <form
          className="desktop-paste"
          aria-label={t('desktop.pasteAsKeystrokes')}
          onSubmit={(event) => {
            event.preventDefault();
            typePaste();
          }}
        >
          <label htmlFor="desktop-paste-text">{t('desktop.pasteLabel')}</label>
          <textarea id="desktop-paste-text" autoFocus rows={3} value={pasteText} onChange={(event) => setPasteText(event.target.value)} />
          <span className="desktop-paste-actions">
            <button type="submit" className="button" disabled={!pasteText}>
              {t('desktop.typeIt')}
            </button>
            <button type="button" onClick={() => setPasteText(undefined)}>
              {t('desktop.cancel')}
            </button>
          </span>
        </form>
      )}
      <div
        ref={screen}
        className="desktop-screen"
        data-pane-focus
        tabIndex={0}
        aria-label={t('session.remoteDesktop.screen', { connection })}
        data-session={session.sessionId}
        onKeyDown={(event) => {
          // The workspace's own keys (leave, switch tabs, next pane) are not typed on the remote desktop.
          if (workspaceCommand(event, KEY_MODE)) return;
          const events = keyEvents({ type: 'keydown', code: event.code, key: event.key });
          if (!events) return;
          event.preventDefault();
          send(events);
        }}
        onKeyUp={(event) => {
          const events = keyEvents({ type: 'keyup', code: event.code, key: event.key });
          if (!events) return;
          event.preventDefault();
          send(events);
        }}
        // Keys held when focus leaves (Alt+Tab away) would stay down on the remote side.
        onBlur={() => link?.releaseKeys()}
        onPointerMove={(event) => {
          const point = pointAt(event);
          if (!point) return;
          pendingMove.current = point;
          moveFrame.current ??= requestAnimationFrame(() => {
            moveFrame.current = undefined;
            if (pendingMove.current) send([]);
          });
        }}
        onPointerDown={(event) => {
          screen.current?.focus();
          const point = pointAt(event);
          const button = buttonOf(event.button);
          if (!point || !button) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          event.preventDefault();
          send([
            { type: 'mouse-move', ...point },
            { type: 'mouse-button', button, pressed: true, ...point },
          ]);
        }}
        onPointerUp={(event) => {
          const point = pointAt(event);
          const button = buttonOf(event.button);
          if (!point || !button) return;
          send([{ type: 'mouse-button', button, pressed: false, ...point }]);
        }}
        onWheel={(event) => {
          const point = pointAt(event);
          const delta = wheelUnits(event.deltaY, event.deltaMode);
          if (point && delta !== 0) send([{ type: 'wheel', ...point, delta, horizontal: false }]);
        }}
        onContextMenu={(event) => event.preventDefault()}
      >
        <canvas
          ref={canvas}
          className="desktop-canvas"
          aria-hidden="true"
          style={shown ? { width: `${shown.width}px`, height: `${shown.height}px` } : { visibility: 'hidden' }}
        />
      </div>
    </div>
  );
}
