import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';

/** Copies versions, settings and recent log lines (secrets masked) for the course's support team. */
export function DiagnosticsCard(): ReactNode {
  const { t } = useTranslation(['ui', 'common']);
  const api = useApi();
  const [status, setStatus] = useState('');
  const [fallback, setFallback] = useState<string>();

  const copy = async (): Promise<void> => {
    setStatus(t('settings.diagnostics.collecting'));
    try {
      const { text } = await api.call('diagnostics.collect', {});
      try {
        await navigator.clipboard.writeText(text);
        setFallback(undefined);
        setStatus(t('settings.diagnostics.copied'));
      } catch {
        // Clipboard access can be refused (browser permissions): show the text to copy by hand.
        setFallback(text);
        setStatus(t('settings.diagnostics.copyByHand'));
      }
    } catch (error) {
      setStatus(t('settings.diagnostics.failed', { message: error instanceof Error ? error.message : String(error) }));
    }
  };

  return (
    <section className="card" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">{t('settings.diagnostics.title')}</h2>
      <p>{t('settings.diagnostics.intro')}</p>
      <button type="button" onClick={() => void copy()}>
        {t('common:command.copyDiagnostics')}
      </button>
      <p role="status" aria-live="polite" className="status-text">
        {status}
      </p>
      {fallback && <textarea readOnly aria-label={t('settings.diagnostics.text')} value={fallback} rows={10} />}
    </section>
  );
}
