import type { ReactNode } from 'react';
import { AssistNotice } from '../assist/AssistNotice';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { CourseSteps } from '../course/CourseSteps';
import { SplitPane } from '../components/SplitPane';
import { hrefOf } from '../hooks/use-route';
import type { SettingsState } from '../hooks/use-settings';
import { LabControls } from '../lab/LabControls';
import { LabCost } from '../lab/LabCost';
import { LabWorkspace } from '../session/LabWorkspace';

function LabPane({ courseId, settings }: { courseId?: string; settings: SettingsState }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="lab-pane" aria-label={t('labScreen.lab')} data-pane>
      {courseId && <LabControls courseId={courseId} />}
      {courseId && <LabCost courseId={courseId} />}
      {courseId && <AssistNotice courseId={courseId} />}
      {courseId ? (
        <LabWorkspace key={courseId} courseId={courseId} settings={settings} />
      ) : (
        <div className="tab-panel">
          <EmptyState title={t('labScreen.noLab.title')}>
            <p>{t('labScreen.noLab.body')}</p>
          </EmptyState>
        </div>
      )}
    </section>
  );
}

/** The course view: the steps on one side, the lab on the other. */
export function LabScreen({ settings, params }: { settings: SettingsState; params: readonly string[] }): ReactNode {
  const { t } = useTranslation();
  const [courseId, stepId] = params;
  const ratio = settings.settings?.stepsPaneRatio ?? 0.42;
  return (
    <div className="course-view">
      <SplitPane
        label={t('labScreen.resize')}
        ratio={ratio}
        onCommit={(next) => void settings.update({ stepsPaneRatio: Math.round(next * 1000) / 1000 })}
        start={
          <section className="steps-pane" aria-label={t('labScreen.steps')} data-pane>
            {courseId ? (
              <CourseSteps courseId={courseId} stepId={stepId} />
            ) : (
              <>
                {/* The screen's one heading of level 1; a course's title takes its place once one is open. */}
                <h1 className="visually-hidden">{t('labScreen.lab')}</h1>
                <EmptyState
                  title={t('labScreen.noCourse.title')}
                  action={
                    <a className="button" href={hrefOf('courses')}>
                      {t('labScreen.noCourse.goToCourses')}
                    </a>
                  }
                >
                  <p>{t('labScreen.noCourse.body')}</p>
                </EmptyState>
              </>
            )}
          </section>
        }
        end={<LabPane courseId={courseId} settings={settings} />}
      />
    </div>
  );
}
