import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { certificateMismatch } from './certificate-mismatch';
import { SessionStatusLine, type SessionStatusLineProps } from './SessionStatusLine';

/** A remote desktop's (RDP or VNC) status line, and the note that says when it is read-only. */
export function RemoteDesktopStatus({
  courseId,
  connection,
  session,
  connectedDetail,
  readOnly,
  onRestart,
}: Pick<SessionStatusLineProps, 'courseId' | 'connection' | 'session' | 'connectedDetail' | 'onRestart'> & {
  readonly readOnly: boolean;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <SessionStatusLine
        courseId={courseId}
        connection={connection}
        session={session}
        connectedDetail={connectedDetail}
        mismatch={certificateMismatch(session.status)}
        restartLabel={t('session.status.tryAgain')}
        onRestart={onRestart}
      />
      {readOnly && (
        <span className="session-readonly" role="note">
          {t('session.remoteDesktop.readOnly')}
        </span>
      )}
    </>
  );
}
