import type { ReactNode } from 'react';
import type { TerminalStatusEvent } from '../../shared/ssh';

const LABELS: Record<TerminalStatusEvent['status'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  'lab-suspended': 'Lab suspended',
  closed: 'Closed',
  failed: 'Not connected',
};

export interface StatusActions {
  onResume(): void;
  onReconnect(): void;
  onNewShell(): void;
  resuming: boolean;
  /** False where resuming is not this window's call (a read-only view of someone else's lab). */
  canResume?: boolean;
}

/** What the terminal is doing, and the one action that helps (Resume, Try again, New shell). */
export function TerminalStatusLine({ status, connection, actions }: { status: TerminalStatusEvent; connection: string; actions: StatusActions }): ReactNode {
  const hostKey = status.failure === 'host-key-changed' || status.failure === 'host-key-mismatch';
  return (
    <div className={`terminal-status terminal-status-${status.status}`}>
      <span role="status" aria-live="polite" className="terminal-status-text">
        <strong>{LABELS[status.status]}</strong>
        {status.status === 'connected' ? ` to ${connection}` : ''}
        {status.message && !hostKey ? ` — ${status.message}` : ''}
      </span>
      {status.status === 'lab-suspended' && actions.canResume !== false && (
        <button type="button" className="button" disabled={actions.resuming} onClick={actions.onResume}>
          {actions.resuming ? 'Resuming…' : 'Resume'}
        </button>
      )}
      {status.status === 'failed' && !hostKey && (
        <button type="button" className="button" onClick={actions.onReconnect}>
          Try again
        </button>
      )}
      {status.status === 'closed' && (
        <button type="button" className="button" onClick={actions.onNewShell}>
          New shell
        </button>
      )}
      {hostKey && (
        <div role="alert" className="banner banner-error terminal-host-key">
          <p>{status.message}</p>
          <dl className="facts">
            <dt>Expected</dt>
            <dd>
              <code>{status.expectedFingerprint}</code>
            </dd>
            <dt>Received</dt>
            <dd>
              <code>{status.receivedFingerprint}</code>
            </dd>
          </dl>
        </div>
      )}
    </div>
  );
}
