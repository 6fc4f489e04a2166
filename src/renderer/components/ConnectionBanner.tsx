import { useEffect, useState, type ReactNode } from 'react';
import { Trans } from 'react-i18next';
import type { ConnectionState, WebSocketBridge } from '../api/ws-bridge';

/** Browser mode only: says so when the page has lost the app (e.g. `lab-console serve` stopped). */
export function ConnectionBanner({ socket }: { socket: WebSocketBridge | undefined }): ReactNode {
  const [state, setState] = useState<ConnectionState>(socket?.state ?? 'open');
  useEffect(() => socket?.onState(setState), [socket]);
  if (!socket || state === 'open' || state === 'connecting') return null;
  if (state === 'no-access') {
    return (
      <div className="banner banner-warn" role="alert">
        <Trans i18nKey="app.connection.noAccess" components={{ code: <code /> }} />
      </div>
    );
  }
  return (
    <div className="banner banner-warn" role="alert">
      <Trans i18nKey="app.connection.lost" components={{ code: <code /> }} />
    </div>
  );
}
