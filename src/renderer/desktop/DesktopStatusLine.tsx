import type { ReactNode } from 'react';
import type { DesktopStatusEvent } from '../../shared/contract/desktop-calls';

const LABELS: Record<DesktopStatusEvent['status'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  'lab-suspended': 'Lab suspended',
  closed: 'Closed',
  failed: 'Not connected',
};

export interface DesktopStatusActions {
  onResume(): void;
  onReconnect(): void;
  resuming: boolean;
}

/** What the remote desktop is doing, and the one action that helps (Resume, Try again). */
export function DesktopStatusLine({ status, connection, actions }: { status: DesktopStatusEvent; connection: string; actions: DesktopStatusActions }): ReactNode {
  const certificate = status.failure === 'certificate-changed';
  return (
    <div className={`terminal-status terminal-status-${status.status}`}>
      <span role="status" aria-live="polite" className="terminal-status-text" title={status.message}>
        <strong>{LABELS[status.status]}</strong>
        {status.status === 'connected' ? ` to ${connection}${status.width ? ` (${status.width}×${status.height})` : ''}` : ''}
        {status.message && !certificate ? ` — ${status.message}` : ''}
      </span>
      {status.status === 'lab-suspended' && (
        <button type="button" className="button" disabled={actions.resuming} onClick={actions.onResume}>
          {actions.resuming ? 'Resuming…' : 'Resume'}
        </button>
      )}
      {(status.status === 'failed' || status.status === 'closed') && !certificate && (
        <button type="button" className="button" onClick={actions.onReconnect}>
          Try again
        </button>
      )}
      {certificate && (
        <div role="alert" className="banner banner-error terminal-host-key">
          <p>{status.message}</p>
          <dl className="facts">
            <dt>Expected SHA-256</dt>
            <dd>
              <code>{status.expectedSha256}</code>
            </dd>
            <dt>Received SHA-256</dt>
            <dd>
              <code>{status.actualSha256}</code>
            </dd>
          </dl>
        </div>
      )}
    </div>
  );
}
