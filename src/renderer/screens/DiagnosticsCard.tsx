import { useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context';

/** Copies versions, settings and recent log lines (secrets masked) for the course's support team. */
export function DiagnosticsCard(): ReactNode {
  const api = useApi();
  const [status, setStatus] = useState('');
  const [fallback, setFallback] = useState<string>();

  const copy = async (): Promise<void> => {
    setStatus('Collecting…');
    try {
      const { text } = await api.call('diagnostics.collect', {});
      try {
        await navigator.clipboard.writeText(text);
        setFallback(undefined);
        setStatus('Diagnostics copied to the clipboard.');
      } catch {
        // Clipboard access can be refused (browser permissions): show the text to copy by hand.
        setFallback(text);
        setStatus('Select the text below and copy it.');
      }
    } catch (error) {
      setStatus(`Could not collect diagnostics: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <section className="card" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">Diagnostics</h2>
      <p>Versions, settings and recent log lines, with passwords, keys and tokens masked.</p>
      <button type="button" onClick={() => void copy()}>
        Copy diagnostics
      </button>
      <p role="status" aria-live="polite" className="status-text">
        {status}
      </p>
      {fallback && <textarea readOnly aria-label="Diagnostics text" value={fallback} rows={10} />}
    </section>
  );
}
