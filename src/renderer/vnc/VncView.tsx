import RFB from '@novnc/novnc';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RemoteDesktopStatus } from '../session/RemoteDesktopStatus';
import type { RemoteDesktopViewProps } from '../session/session-kind-view';
import { currentKeyMode, workspaceCommand } from '../session/workspace-keys';
import { drawThroughFramebuffer } from './framebuffer-display';
import { withOpaqueRfbCanvas } from './opaque-rfb-canvas';
import { decodeTightInWords } from './tight-word-decoder';
import type { VncChannel } from './vnc-channel';
import { useVncSession } from './use-vnc-session';
import { keepWholePixelScreen } from './whole-pixel-screen';
import './vnc.css';

const KEY_MODE = currentKeyMode();

/** Keydowns this view sends on to the workspace itself (noVNC stops every key it takes). */
const forwarded = new WeakSet<Event>();

/**
 * A VNC desktop into a lab connection: noVNC draws it in the pane, scaled to fit, and asks the
 * server to take the pane's size; keys, pointer and wheel go to it, and the workspace's own keys
 * still reach the workspace. The clipboard goes both ways: what the desktop copies shows in the
 * Clipboard panel (and lands in the local clipboard where the browser allows), and the panel's
 * text is sent to the desktop's clipboard.
 */
export function VncView({ courseId, connection, tabId, leaveTo, readOnly = false }: RemoteDesktopViewProps): ReactNode {
  const { t } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  const [screen, setScreen] = useState<HTMLDivElement | null>(null);
  const [generation, setGeneration] = useState(0);
  const [clipboardOpen, setClipboardOpen] = useState(false);
  const [clipboardText, setClipboardText] = useState('');
  /** noVNC gave up on its conversation (the session itself may still be connected). */
  const [viewerStopped, setViewerStopped] = useState(false);
  const client = useRef<RFB>(undefined);

  const createClient = useCallback(
    (channel: VncChannel): RFB => {
      const rfb = withOpaqueRfbCanvas(() => new RFB(screen!, channel, { shared: true }));
      drawThroughFramebuffer(rfb);
      decodeTightInWords(rfb);
      rfb.scaleViewport = true;
      rfb.resizeSession = !readOnly;
      rfb.viewOnly = readOnly;
      rfb.background = '#10141c';
      rfb.addEventListener('clipboard', (event) => {
        const text = (event as CustomEvent<{ text: string }>).detail.text;
        setClipboardText(text);
        void navigator.clipboard?.writeText(text).catch(() => undefined);
      });
      rfb.addEventListener('connect', () => setViewerStopped(false));
      rfb.addEventListener('disconnect', (event) => {
        // A client replaced by the next conversation disconnects cleanly; an unclean end is noVNC giving up.
        if (client.current === rfb && !(event as CustomEvent<{ clean: boolean }>).detail.clean) setViewerStopped(true);
      });
      client.current = rfb;
      return rfb;
    },
    [screen, readOnly],
  );
  const session = useVncSession(screen ? createClient : undefined, courseId, connection, generation, tabId);
  const connected = session.status.status === 'connected';

  useEffect(() => (screen ? keepWholePixelScreen(screen) : undefined), [screen]);

  useEffect(() => {
    const element = root.current;
    if (!element) return;
    // noVNC takes every key on its canvas and stops it there: the workspace's keys are sent on from here.
    const onKey = (event: KeyboardEvent): void => {
      if (forwarded.has(event) || !workspaceCommand(event, KEY_MODE)) return;
      event.stopPropagation();
      event.preventDefault();
      const { key, code, altKey, ctrlKey, shiftKey, metaKey, repeat, location } = event;
      const copy = new KeyboardEvent('keydown', {
        key,
        code,
        altKey,
        ctrlKey,
        shiftKey,
        metaKey,
        repeat,
        location,
        bubbles: true,
        cancelable: true,
      });
      forwarded.add(copy);
      element.dispatchEvent(copy);
    };
    element.addEventListener('keydown', onKey, true);
    return () => element.removeEventListener('keydown', onKey, true);
  }, []);

  return (
    <div ref={root} className="vnc-view" data-leave-to={leaveTo ?? ''}>
      <div className="session-toolbar" role="toolbar" aria-label={t('session.remoteDesktop.toolbar', { connection })}>
        <RemoteDesktopStatus
          courseId={courseId}
          connection={connection}
          session={session}
          connectedDetail={session.status.encrypted ? ` ${t('vnc.encrypted')}` : ''}
          readOnly={readOnly}
          onRestart={() => setGeneration((g) => g + 1)}
        />
        <span className="session-tools">
          <button type="button" disabled={!connected || readOnly} onClick={() => client.current?.sendCtrlAltDel()}>
            Ctrl+Alt+Del
          </button>
          <button type="button" aria-expanded={clipboardOpen} disabled={!connected} onClick={() => setClipboardOpen((open) => !open)}>
            {t('vnc.clipboard')}
          </button>
        </span>
      </div>
      {viewerStopped && connected && (
        <div className="banner banner-error vnc-problem" role="alert">
          {t('vnc.viewerStopped')}{' '}
          <button
            type="button"
            className="button"
            onClick={() => {
              // The tab's session stays; its view attaches again, which starts a new conversation.
              setViewerStopped(false);
              setGeneration((g) => g + 1);
            }}
          >
            {t('vnc.reconnect')}
          </button>
        </div>
      )}
      {clipboardOpen && (
        <form
          className="vnc-clipboard"
          aria-label={t('vnc.clipboardForm')}
          onSubmit={(event) => {
            event.preventDefault();
            client.current?.clipboardPasteFrom(clipboardText);
            setClipboardOpen(false);
            client.current?.focus();
          }}
        >
          <label htmlFor="vnc-clipboard-text">{t('vnc.clipboardLabel')}</label>
          <textarea id="vnc-clipboard-text" rows={3} value={clipboardText} onChange={(event) => setClipboardText(event.target.value)} />
          <span className="vnc-clipboard-actions">
            <button type="submit" className="button" disabled={readOnly}>
              {t('vnc.send')}
            </button>
            <button type="button" onClick={() => setClipboardOpen(false)}>
              {t('vnc.close')}
            </button>
          </span>
        </form>
      )}
      <div
        ref={setScreen}
        className="vnc-screen"
        data-pane-focus
        aria-label={t('session.remoteDesktop.screen', { connection })}
        data-session={session.sessionId}
      />
    </div>
  );
}
