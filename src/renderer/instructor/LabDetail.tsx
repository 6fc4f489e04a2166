import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react';
import type { CohortLab } from '../../shared/cohort/cohort-lab';
import type { StackEvent } from '../../shared/openstack/stack';
import { labStateWords } from '../../shared/labs/lab-words';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { useActivityText } from './activity-text';
import { utcDateTime } from './utc-time';
import { labHours } from '../lab/lab-format';
import { LabAssist } from '../assist/LabAssist';
import { useAsync } from '../hooks/use-async';
import { DEFAULT_FONT_SIZE } from '../terminal/terminal-shortcuts';
import type { TerminalOpener } from '../terminal/use-terminal-session';

// xterm.js comes with the first terminal watched.
const TerminalView = lazy(() => import('../terminal/TerminalView').then((m) => ({ default: m.TerminalView })));

/** The lab's last progress-check run: passed / total, per step; steps the course's solution did say so. */
function ScoreDetail({ lab }: { lab: CohortLab }): ReactNode {
  const { t, i18n } = useTranslation();
  const d = lab.scoreDetail;
  if (!d) return <p className="muted">{t('instructor.detail.notCheckedYet')}</p>;
  return (
    <section aria-label={t('instructor.checks.title')}>
      <p>
        {t('instructor.detail.score')}{' '}
        <strong data-testid="detail-score">{d.total > 0 || !d.error ? `${d.passed}/${d.total}` : '—'}</strong>
        {lab.score !== null && d.total > 0 && ` (${Math.round(lab.score * 100)} %)`}{' '}
        <span className="muted">{t('instructor.detail.checkedAt', { time: utcDateTime(d.checkedAt, i18n.language) })}</span>
      </p>
      {d.error && <p role="alert">{t('instructor.detail.notChecked', { message: d.error })}</p>}
      <ul className="cohort-steps" aria-label={t('instructor.detail.steps')}>
        {d.steps.map((s) => (
          <li key={s.stepId} data-passed={s.passed === s.total} data-solved={s.solved === true}>
            {s.solved ? '~' : s.passed === s.total ? '✓' : '✗'} {s.title}: {s.passed}/{s.total}
            {s.solved && <span className="muted"> — {t('instructor.detail.solvedBySolution')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A read-only terminal into the learner's lab: a shell of its own there; nothing typed is sent. */
function WatchTerminal({ lab }: { lab: CohortLab }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [connection, setConnection] = useState('lab');
  const [fontSize, setFontSize] = useState(DEFAULT_FONT_SIZE);
  const open = useCallback<TerminalOpener>(
    (size) =>
      api.call('cohort.watch', { courseId: lab.courseId, stackId: lab.stackId, ...size }).then((r) => {
        setConnection(r.connection);
        return r;
      }),
    [api, lab.courseId, lab.stackId],
  );
  return (
    <div className="cohort-watch" aria-label={t('instructor.detail.watchLabel', { learner: lab.learner })}>
      <Suspense fallback={<p className="loading">{t('instructor.detail.loadingTerminal')}</p>}>
        <TerminalView
          courseId={lab.courseId}
          connection={connection}
          active
          fontSize={fontSize}
          onFontSize={setFontSize}
          readOnly
          open={open}
        />
      </Suspense>
    </div>
  );
}

/** One lab: its facts, its progress-check score, its Heat events, and a read-only terminal. */
export function LabDetail(props: {
  lab: CohortLab;
  onClose: () => void;
  onCheck?: (stackId: string) => void;
  checking?: boolean;
}): ReactNode {
  const { lab, onClose } = props;
  const { t, i18n } = useTranslation(['ui', 'common']);
  const activity = useActivityText();
  const api = useApi();
  const [watching, setWatching] = useState(false);
  const events = useAsync(() => api.call('cohort.events', { courseId: lab.courseId, stackId: lab.stackId }), [lab.stackId]);
  const list: StackEvent[] = events.value ? [...events.value.events].reverse() : [];
  return (
    <aside className="cohort-detail" aria-label={t('instructor.detail.title', { learner: lab.learner })}>
      <header className="screen-header-row">
        <h2>
          {lab.learner}
          {lab.learnerDisplayName && <span className="learner-display-name"> {lab.learnerDisplayName}</span>}
        </h2>
        <button type="button" className="button" onClick={onClose}>
          {t('instructor.detail.close')}
        </button>
      </header>
      <p>
        {t(labStateWords({ state: lab.state, group: lab.group }).key)} · {lab.stackName} ·{' '}
        {t('instructor.detail.heatState', { state: lab.state })}
        {lab.statusReason && <> · {lab.statusReason}</>}
      </p>
      <p className="muted" data-testid="lab-owner">
        {t('instructor.detail.owner', { project: lab.projectName, userId: lab.userId })}
      </p>
      <p data-testid="lab-billed">
        {t('instructor.detail.billed', { running: labHours(lab.runningSecondsMonth), suspended: labHours(lab.suspendedSecondsMonth) })}
        {lab.flavors.length > 0 && <> · {t('instructor.detail.flavor', { flavors: lab.flavors.join(', ') })}</>}
      </p>
      <p data-testid="lab-active" title={lab.activeSecondsMonth === null ? activity.unknownHint : activity.wasteHint}>
        {t('cost.activity.detail', { hours: activity.hours(lab.activeSecondsMonth), ratio: activity.ratio(lab.wasteRatio) })}
      </p>
      <ScoreDetail lab={lab} />
      <p className="cohort-detail-actions">
        {props.onCheck && (
          <button
            type="button"
            className="button"
            disabled={props.checking || lab.group !== 'up'}
            onClick={() => props.onCheck!(lab.stackId)}
          >
            {props.checking ? t('instructor.detail.checking') : t('instructor.detail.check')}
          </button>
        )}
        <button
          type="button"
          className="button"
          aria-pressed={watching}
          disabled={!watching && lab.group !== 'up'}
          onClick={() => setWatching((w) => !w)}
        >
          {watching ? t('instructor.detail.stopWatching') : t('instructor.detail.watch')}
        </button>
      </p>
      {watching && <WatchTerminal key={lab.stackId} lab={lab} />}
      <LabAssist lab={lab} />
      {events.error && <p role="alert">{events.error}</p>}
      <ol className="cohort-events" aria-label={t('instructor.detail.events')}>
        {list.map((e) => (
          <li key={e.id}>
            <time dateTime={e.time}>{utcDateTime(e.time, i18n.language)}</time> {e.resourceName} {e.status}
            {e.statusReason && <span className="muted"> — {e.statusReason}</span>}
          </li>
        ))}
      </ol>
    </aside>
  );
}
