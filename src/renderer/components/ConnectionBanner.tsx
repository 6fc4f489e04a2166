import { useEffect, useState, type ReactNode } from 'react';
import type { ConnectionState, WebSocketBridge } from '../api/ws-bridge';

/** Browser mode only: says so when the page has lost the app (e.g. `lab-console serve` stopped). */
export function ConnectionBanner({ socket }: { socket: WebSocketBridge | undefined }): ReactNode {
  const [state, setState] = useState<ConnectionState>(socket?.state ?? 'open');
  useEffect(() => socket?.onState(setState), [socket]);
  if (!socket || state === 'open' || state === 'connecting') return null;
  if (state === 'no-access') {
    return (
      <div className="banner banner-warn" role="alert">
        This tab has no access to Lab Console: open the full address printed by <code>lab-console serve</code> (it carries the access
        token).
      </div>
    );
  }
  return (
    <div className="banner banner-warn" role="alert">
      Lost the connection to Lab Console. Reconnecting… (is <code>lab-console serve</code> still running?)
    </div>
  );
}
