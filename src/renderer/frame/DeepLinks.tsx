import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { bundleDownloadUrl } from '../../shared/contract/bundle-download';
import type { FetchedEnrolment } from '../../shared/contract/enrolment-calls';
import { useApi } from '../api/api-context';
import { EnrolmentFacts } from '../course/EnrolmentFacts';
import { EnrolmentPasswordFields } from '../course/EnrolmentPasswordFields';
import { hrefOf } from '../hooks/use-route';

type Enrolling =
  { kind: 'fetching'; url: string } | { kind: 'confirm'; fetched: FetchedEnrolment } | { kind: 'error'; url: string; text: string };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A labconsole:// link handed to the app (the OS, `lab-console open`, a second launch): an open
 * link shows the course (at its step); an enrol link fetches the enrolment file, shows what it
 * would add and where it came from, and adds nothing until the learner agrees.
 */
export function DeepLinks(): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [enrolling, setEnrolling] = useState<Enrolling>();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [applyError, setApplyError] = useState<string>();

  useEffect(
    () =>
      api.on('app.deepLink', (link) => {
        window.focus();
        if (link.action === 'open') {
          window.location.hash = hrefOf('lab', link.courseId, ...(link.stepId ? [link.stepId] : []));
          return;
        }
        setPassword('');
        setApplyError(undefined);
        setEnrolling({ kind: 'fetching', url: link.url });
        api.call('enrolment.fetch', { url: link.url }).then(
          (fetched) => setEnrolling({ kind: 'confirm', fetched }),
          (error: unknown) => setEnrolling({ kind: 'error', url: link.url, text: message(error) }),
        );
      }),
    [api],
  );

  if (!enrolling) return null;
  const close = () => setEnrolling(undefined);
  if (enrolling.kind !== 'confirm')
    return (
      <div className="deep-link-dialog" role="dialog" aria-label={t('deepLink.title')}>
        <p>
          {enrolling.kind === 'fetching' ? t('deepLink.fetching') : t('deepLink.unusable')} <code>{enrolling.url}</code>
        </p>
        {enrolling.kind === 'error' && <p role="alert">{enrolling.text}</p>}
        <button type="button" className="button" onClick={close}>
          {enrolling.kind === 'error' ? t('deepLink.dismiss') : t('deepLink.cancel')}
        </button>
      </div>
    );

  const { fetched } = enrolling;
  const apply = async (): Promise<void> => {
    setBusy(true);
    setApplyError(undefined);
    try {
      const result = await api.call('enrolment.apply', {
        fileName: fetched.fileName,
        text: fetched.text,
        password,
        downloadBundle: bundleDownloadUrl(fetched.summary) !== null,
      });
      setPassword('');
      close();
      window.location.hash = hrefOf(
        result.course === 'missing' ? 'courses' : 'lab',
        ...(result.course === 'missing' ? [] : [result.courseId]),
      );
    } catch (error) {
      setApplyError(message(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="deep-link-dialog enrolment-dialog"
      role="dialog"
      aria-label={t('deepLink.title')}
      onSubmit={(event) => {
        event.preventDefault();
        void apply();
      }}
    >
      <h2>{t('deepLink.enrolIn', { courseId: fetched.summary.courseId })}</h2>
      <p>{t('deepLink.asks')}</p>
      <EnrolmentFacts summary={fetched.summary} source={fetched.sourceUrl} />
      <EnrolmentPasswordFields
        username={fetched.summary.cloud.username}
        password={password}
        onPassword={setPassword}
        error={applyError}
        busy={busy}
        onCancel={close}
      />
    </form>
  );
}
