import type { ReactNode } from 'react';
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
  return (
    <>
      <SessionStatusLine
        courseId={courseId}
        connection={connection}
        session={session}
        connectedDetail={connectedDetail}
        mismatch={certificateMismatch(session.status)}
        restartLabel="Try again"
        onRestart={onRestart}
      />
      {readOnly && (
        <span className="session-readonly" role="note">
          Read-only: you see this lab's desktop; keys and clicks are not sent.
        </span>
      )}
    </>
  );
}
