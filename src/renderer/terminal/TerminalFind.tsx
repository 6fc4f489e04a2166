import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { translator } from '../i18n/translator';
import type { Xterm } from './create-xterm';

/** Matches are marked in the terminal and beside its scroll bar; the count comes with them. */
const DECORATIONS = {
  matchBackground: '#3b4a66',
  matchOverviewRuler: '#8a9bb8',
  activeMatchBackground: '#9a6b00',
  activeMatchColorOverviewRuler: '#f0c674',
};

/** "3 of 12", "No matches", or past the addon's highlight limit only the count. */
export function matchCountText(result: { resultIndex: number; resultCount: number } | undefined, query: string): string {
  if (!query || !result) return '';
  if (result.resultCount === 0) return translator.t('terminal.find.noMatches');
  if (result.resultIndex < 0) return translator.t('terminal.find.matches', { count: result.resultCount });
  return translator.t('terminal.find.position', { index: result.resultIndex + 1, count: result.resultCount });
}

/** Find in the terminal: Enter next, Shift+Enter previous, Escape closes and gives the terminal back the keyboard. */
export function TerminalFind({ xterm, onClose }: { xterm: Xterm | undefined; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ resultIndex: number; resultCount: number }>();
  useEffect(() => {
    if (!xterm) return;
    const changed = xterm.search.onDidChangeResults((next) => setResult(next));
    return () => {
      changed.dispose();
      xterm.search.clearDecorations();
    };
  }, [xterm]);
  const find = (direction: 'next' | 'previous', term = query, incremental = false): void => {
    if (!term) {
      xterm?.search.clearDecorations();
      setResult(undefined);
      return;
    }
    const options = { decorations: DECORATIONS, incremental };
    if (direction === 'next') xterm?.search.findNext(term, options);
    else xterm?.search.findPrevious(term, options);
  };
  const close = (): void => {
    xterm?.search.clearDecorations();
    onClose();
  };
  return (
    <form
      className="terminal-find"
      role="search"
      aria-label={t('terminal.find.label')}
      onSubmit={(event) => {
        event.preventDefault();
        find('next');
      }}
    >
      <input
        autoFocus
        aria-label={t('terminal.find.label')}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          find('next', event.target.value, true);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            close();
          } else if (event.key === 'Enter' && event.shiftKey) {
            event.preventDefault();
            find('previous');
          }
        }}
      />
      <span className="terminal-find-count" role="status" aria-live="polite">
        {matchCountText(result, query)}
      </span>
      <button type="submit">{t('terminal.find.next')}</button>
      <button type="button" onClick={() => find('previous')}>
        {t('terminal.find.previous')}
      </button>
      <button type="button" aria-label={t('terminal.find.close')} onClick={close}>
        ×
      </button>
    </form>
  );
}
