import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Translation } from 'react-i18next';
import type { LabApi } from '../../shared/contract';

interface State {
  readonly error: Error | undefined;
}

/** A crash in one screen shows a message and is logged; the navigation keeps working. */
export class ErrorBoundary extends Component<{ api: LabApi; children: ReactNode; resetKey: string }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined });
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    void this.props.api
      .call('log.report', { level: 'error', message: `${error.message}\n${info.componentStack ?? ''}`.slice(0, 4000), context: 'ui' })
      .catch(() => undefined);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="banner banner-error" role="alert">
        <Translation>
          {(t) => (
            <>
              <strong>{t('app.crashed.title')}</strong> {this.state.error?.message} — {t('app.crashed.hint')}
            </>
          )}
        </Translation>
      </div>
    );
  }
}
