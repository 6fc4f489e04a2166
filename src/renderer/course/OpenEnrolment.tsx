import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { bundleDownloadUrl } from '../../shared/contract/bundle-download';
import type { EnrolmentResult, EnrolmentSummary } from '../../shared/contract/enrolment-calls';
import { useApi } from '../api/api-context';
import { hrefOf } from '../hooks/use-route';
import { BUNDLE_ACCEPT } from './bytes';
import { EnrolmentFacts } from './EnrolmentFacts';
import { EnrolmentPasswordFields } from './EnrolmentPasswordFields';
import { useCourseImport } from './ImportCourse';

const MAX_ENROLMENT_BYTES = 64 * 1024;

type Stage =
  | { kind: 'idle' }
  | { kind: 'error'; text: string }
  | { kind: 'confirm'; fileName: string; text: string; summary: EnrolmentSummary }
  | { kind: 'done'; result: EnrolmentResult };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * "Open enrolment file…": a `<name>.lab-enrol.json` from the instructor (`lab-console cohort
 * enrol`). The app checks it, asks for the learner's password, adds the cloud and opens the course
 * (or says which bundle to import first, and takes it here).
 */
export function OpenEnrolment({ onCoursesChanged }: { onCoursesChanged?: () => void }): ReactNode {
  const api = useApi();
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const bundlePicker = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [applyError, setApplyError] = useState<string>();
  const open = (courseId: string) => {
    window.location.hash = hrefOf('lab', courseId);
  };
  const importer = useCourseImport(() => {
    onCoursesChanged?.();
    if (stage.kind === 'done') open(stage.result.courseId);
  });

  const readFile = async (file: File): Promise<void> => {
    setApplyError(undefined);
    setPassword('');
    if (file.size > MAX_ENROLMENT_BYTES) {
      setStage({ kind: 'error', text: t('course.enrolment.tooLarge', { name: file.name }) });
      return;
    }
    const text = await file.text();
    try {
      const summary = await api.call('enrolment.read', { fileName: file.name, text });
      setStage({ kind: 'confirm', fileName: file.name, text, summary });
    } catch (error) {
      setStage({ kind: 'error', text: message(error) });
    }
  };

  const apply = async (fileName: string, text: string, summary: EnrolmentSummary): Promise<void> => {
    setBusy(true);
    setApplyError(undefined);
    try {
      const downloadBundle = bundleDownloadUrl(summary) !== null;
      const result = await api.call('enrolment.apply', { fileName, text, password, downloadBundle });
      setPassword('');
      setStage({ kind: 'done', result });
      onCoursesChanged?.();
      if (result.course !== 'missing') open(result.courseId);
    } catch (error) {
      setApplyError(message(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="enrolment">
      <input
        ref={picker}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label={t('course.enrolment.fileLabel')}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void readFile(file);
          event.target.value = '';
        }}
      />
      <button type="button" className="button" onClick={() => picker.current?.click()}>
        {t('course.enrolment.open')}
      </button>
      {stage.kind === 'error' && (
        <div className="banner banner-error" role="alert">
          <p>{stage.text}</p>
          <button type="button" onClick={() => setStage({ kind: 'idle' })}>
            {t('course.enrolment.dismiss')}
          </button>
        </div>
      )}
      {stage.kind === 'confirm' && (
        <form
          role="dialog"
          aria-label={t('course.enrolment.dialog')}
          className="enrolment-dialog"
          onSubmit={(event) => {
            event.preventDefault();
            void apply(stage.fileName, stage.text, stage.summary);
          }}
        >
          <h2>{t('course.enrolment.title', { course: stage.summary.courseId })}</h2>
          <EnrolmentFacts summary={stage.summary} />
          <EnrolmentPasswordFields
            username={stage.summary.cloud.username}
            password={password}
            onPassword={setPassword}
            note={<p className="muted">{t('course.enrolment.secretNote')}</p>}
            error={applyError}
            busy={busy}
            onCancel={() => setStage({ kind: 'idle' })}
          />
        </form>
      )}
      {stage.kind === 'done' && (
        <div className={`banner ${stage.result.course === 'missing' ? 'banner-warn' : 'banner-ok'}`} role="status">
          <p>{stage.result.message}</p>
          {stage.result.course === 'missing' ? (
            <>
              <input
                ref={bundlePicker}
                type="file"
                accept={BUNDLE_ACCEPT}
                hidden
                aria-label={t('course.enrolment.bundleLabel')}
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (file) void importer.importFile(file);
                  event.target.value = '';
                }}
              />
              <button type="button" className="button-primary" disabled={importer.busy} onClick={() => bundlePicker.current?.click()}>
                {importer.busy ? t('course.enrolment.importing') : t('course.enrolment.importBundle')}
              </button>
              {importer.outcome && <p role={importer.outcome.kind === 'ok' ? 'status' : 'alert'}>{importer.outcome.text}</p>}
            </>
          ) : (
            <a href={hrefOf('lab', stage.result.courseId)}>{t('course.enrolment.openCourse', { course: stage.result.courseId })}</a>
          )}
        </div>
      )}
    </div>
  );
}
