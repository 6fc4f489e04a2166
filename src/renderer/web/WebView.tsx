import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebStatusEvent } from '../../shared/web/web-session';
import { useApi } from '../api/api-context';
import { translator } from '../i18n/translator';
import { certificateMismatch } from '../session/certificate-mismatch';
import { SessionStatusLine, type SessionStatusLineProps } from '../session/SessionStatusLine';
import { sessionForTab } from '../session/tab-sessions';
import { useLiveSession, type SessionStarter } from '../session/use-live-session';
import './web.css';

export interface WebViewProps {
  readonly courseId: string;
  /** The ssh connection the service is reached through. */
  readonly connection: string;
  /** The lab's service (course.yaml `lab.services[].name`). */
  readonly service: string;
  /** The Lab tab it is: the console outlives the view, which takes it back when shown again. */
  readonly tabId: string;
}

/** Nothing crosses the session's stream: the page talks to the console's own origin. */
const NO_LINK = { dispose: (): void => undefined };

/** A changed certificate of the service, or a changed host key of the machine it is reached through. */
function identityMismatch(status: WebStatusEvent): SessionStatusLineProps['mismatch'] {
  const certificate = certificateMismatch(status);
  if (certificate) return certificate;
  if (status.expectedFingerprint || status.receivedFingerprint) {
    return [
      [translator.t('web.expectedHostKey'), status.expectedFingerprint],
      [translator.t('web.receivedHostKey'), status.receivedFingerprint],
    ];
  }
  return undefined;
}

/**
 * A web page of the lab in a Lab tab. The page is the lab's, so it is untrusted: it is loaded from
 * the console's own origin (a port of 127.0.0.1 of its own, opened by a one-time address), never
 * the app's, so it can neither read the app's page nor call its API. Each time the console is
 * (re)connected the view asks for a fresh address; Reload does the same and shows the service's
 * first page again.
 */
export function WebView({ courseId, connection, service, tabId }: WebViewProps): ReactNode {
  const api = useApi();
  const { t } = useTranslation();
  const [generation, setGeneration] = useState(0);
  const [reloads, setReloads] = useState(0);
  const [entry, setEntry] = useState<{ url: string } | { error: string }>();
  const starter = useMemo(
    (): SessionStarter<typeof NO_LINK> => ({
      tabId,
      open: () => sessionForTab(tabId, () => api.call('session.open', { kind: 'web', courseId, connection, service, tabId })),
      link: () => NO_LINK,
    }),
    [api, courseId, connection, service, tabId],
  );
  const session = useLiveSession('web', starter, generation);
  const { sessionId, status } = session;

  useEffect(() => {
    if (!sessionId || status.status !== 'connected') return;
    let live = true;
    api.call('session.webEntry', { sessionId }).then(
      (answer) => live && setEntry({ url: answer.url }),
      (error: unknown) => live && setEntry({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, sessionId, status, reloads]);

  const connected = status.status === 'connected';
  return (
    <div className="web-view">
      <div className="session-toolbar" role="toolbar" aria-label={t('web.toolbar', { service })}>
        <SessionStatusLine
          courseId={courseId}
          connection={connection}
          session={session}
          connectedDetail={` (${service})`}
          mismatch={identityMismatch(status)}
          restartLabel={t('web.tryAgain')}
          onRestart={() => setGeneration((g) => g + 1)}
        />
        <span className="session-tools">
          <button type="button" disabled={!connected} onClick={() => setReloads((n) => n + 1)}>
            {t('web.reload')}
          </button>
        </span>
      </div>
      {entry && 'error' in entry && connected && (
        <p className="web-error" role="alert">
          {entry.error}
        </p>
      )}
      {entry && 'url' in entry && connected && (
        <iframe
          // A new address is a new page: the frame loads it afresh.
          key={entry.url}
          className="web-frame"
          title={t('web.frameTitle', { service })}
          src={entry.url}
          // Its own origin (not the app's), scripts and forms for the service's UI; no popups, no top navigation.
          sandbox="allow-scripts allow-forms allow-same-origin allow-downloads"
          referrerPolicy="no-referrer"
          allow=""
        />
      )}
    </div>
  );
}
