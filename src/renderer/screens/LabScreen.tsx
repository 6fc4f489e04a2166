import type { ReactNode } from 'react';
import { AssistNotice } from '../assist/AssistNotice';
import { EmptyState } from '../components/EmptyState';
import { CourseSteps } from '../course/CourseSteps';
import { SplitPane } from '../components/SplitPane';
import { hrefOf } from '../hooks/use-route';
import type { SettingsState } from '../hooks/use-settings';
import { LabControls } from '../lab/LabControls';
import { LabCost } from '../lab/LabCost';
import { LabWorkspace } from '../session/LabWorkspace';

function LabPane({ courseId, settings }: { courseId?: string; settings: SettingsState }): ReactNode {
  return (
    <section className="lab-pane" aria-label="Lab" data-pane>
      {courseId && <LabControls courseId={courseId} />}
      {courseId && <LabCost courseId={courseId} />}
      {courseId && <AssistNotice courseId={courseId} />}
      {courseId ? (
        <LabWorkspace key={courseId} courseId={courseId} settings={settings} />
      ) : (
        <div className="tab-panel">
          <EmptyState title="No lab running">
            <p>Open a course and press Launch: its lab machines appear here.</p>
          </EmptyState>
        </div>
      )}
    </section>
  );
}

/** The course view: the steps on one side, the lab on the other. */
export function LabScreen({ settings, params }: { settings: SettingsState; params: readonly string[] }): ReactNode {
  const [courseId, stepId] = params;
  const ratio = settings.settings?.stepsPaneRatio ?? 0.42;
  return (
    <div className="course-view">
      <SplitPane
        label="Resize steps and lab"
        ratio={ratio}
        onCommit={(next) => void settings.update({ stepsPaneRatio: Math.round(next * 1000) / 1000 })}
        start={
          <section className="steps-pane" aria-label="Course steps" data-pane>
            {courseId ? (
              <CourseSteps courseId={courseId} stepId={stepId} />
            ) : (
              <>
                {/* The screen's one heading of level 1; a course's title takes its place once one is open. */}
                <h1 className="visually-hidden">Lab</h1>
                <EmptyState
                  title="No course open"
                  action={
                    <a className="button" href={hrefOf('courses')}>
                      Go to Courses
                    </a>
                  }
                >
                  <p>Pick a course in your library: its steps show here, beside your lab.</p>
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
