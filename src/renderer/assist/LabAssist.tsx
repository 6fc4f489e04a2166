import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CohortLab } from '../../shared/cohort/cohort-lab';
import { useApi } from '../api/api-context';
import { useAsync } from '../hooks/use-async';
import { DEFAULT_FONT_SIZE } from '../terminal/terminal-shortcuts';
import type { TerminalOpener } from '../terminal/use-terminal-session';
import './assist.css';

// xterm.js comes with the first terminal opened.
const TerminalView = lazy(() => import('../terminal/TerminalView').then((m) => ({ default: m.TerminalView })));

/**
 * The read-write shell: what the instructor types reaches the learner's lab; closing the view ends
 * it. Its connection prop stays the same while it is open: a new one would open a second shell.
 */
function AssistTerminal({ lab, onOpened }: { lab: CohortLab; onOpened: (sessionId: string, by: string) => void }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [by, setBy] = useState<string>();
  const [fontSize, setFontSize] = useState(DEFAULT_FONT_SIZE);
  const open = useCallback<TerminalOpener>(
    (size) =>
      api.call('assist.open', { courseId: lab.courseId, stackId: lab.stackId, projectId: lab.projectId, ...size }).then((r) => {
        setBy(r.by);
        onOpened(r.sessionId, r.by);
        return r;
      }),
    [api, lab.courseId, lab.stackId, lab.projectId, onOpened],
  );
  return (
    <div className="cohort-watch cohort-assist" aria-label={t('assist.detail.terminalLabel', { learner: lab.learner })}>
      {by && <p className="muted">{t('assist.detail.notice', { learner: lab.learner, by })}</p>}
      <Suspense fallback={<p className="loading">{t('assist.detail.loading')}</p>}>
        <TerminalView courseId={lab.courseId} connection={lab.learner} active fontSize={fontSize} onFontSize={setFontSize} open={open} />
      </Suspense>
    </div>
  );
}

/** The lab's assists from the instructor's log, newest first. */
function AssistLogList({ lab, version }: { lab: CohortLab; version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const log = useAsync(() => api.call('assist.log', { courseId: lab.courseId, stackId: lab.stackId }), [lab.stackId, version]);
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const when = (iso: string) => format.format(new Date(iso));
  const assists = log.value?.assists ?? [];
  return (
    <section aria-label={t('assist.log.title')}>
      <h3>{t('assist.log.title')}</h3>
      {log.error && <p role="alert">{t('assist.log.failed', { message: log.error })}</p>}
      {log.value && assists.length === 0 && <p className="muted">{t('assist.log.empty')}</p>}
      <ul className="cohort-assists" data-testid="assist-log">
        {assists.map((a) => (
          <li key={a.id}>
            {a.endedAt
              ? t('assist.log.entry', { by: a.by, start: when(a.startedAt), end: when(a.endedAt) })
              : t('assist.log.entryOpen', { by: a.by, start: when(a.startedAt) })}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Assisting the learner from the lab's detail: a read-write shell on the lab, and the log of assists. */
export function LabAssist({ lab }: { lab: CohortLab }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [assisting, setAssisting] = useState(false);
  const [version, setVersion] = useState(0);
  const session = useRef<string | undefined>(undefined);
  const onOpened = useCallback((sessionId: string) => {
    session.current = sessionId;
    setVersion((v) => v + 1);
  }, []);
  // The log is read again once the app says the assist's session ended (its end is logged then).
  useEffect(
    () =>
      api.on('session.status', (event) => {
        if (event.status === 'closed' && event.sessionId === session.current) setVersion((v) => v + 1);
      }),
    [api],
  );
  return (
    <>
      <p className="cohort-detail-actions">
        <button
          type="button"
          className="button"
          aria-pressed={assisting}
          disabled={!assisting && lab.group !== 'up'}
          onClick={() => setAssisting((a) => !a)}
        >
          {assisting ? t('assist.detail.stop') : t('assist.detail.open')}
        </button>
      </p>
      {assisting && <AssistTerminal key={lab.stackId} lab={lab} onOpened={onOpened} />}
      <AssistLogList lab={lab} version={version} />
    </>
  );
}
