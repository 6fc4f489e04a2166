import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context';
import { EmptyState } from '../components/EmptyState';
import { CourseSteps } from '../course/CourseSteps';
import { SplitPane } from '../components/SplitPane';
import { hrefOf } from '../hooks/use-route';
import type { SettingsState } from '../hooks/use-settings';
import { LabControls } from '../lab/LabControls';
import { SessionArea } from '../session/SessionArea';
import { sessionViews } from '../session/session-views';
import type { SessionKindName } from '../../shared/stream';

type LabTab = SessionKindName;

function LabPane({ courseId, settings }: { courseId?: string; settings: SettingsState }): ReactNode {
  const api = useApi();
  const [tab, setTab] = useState<LabTab>('terminal');
  /** With a course open, the Desktop tab is there only when the course declares an rdp connection. */
  const [desktopOf, setDesktopOf] = useState<{ courseId: string; has: boolean }>();
  const hasDesktop = courseId ? desktopOf?.courseId === courseId && desktopOf.has : true;
  useEffect(() => {
    let live = true;
    if (courseId) {
      api.call('course.get', { id: courseId }).then(
        (course) => live && setDesktopOf({ courseId, has: course.connections.some((c) => c.protocol === 'rdp') }),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [api, courseId]);
  const tabs: readonly { id: LabTab; label: string }[] = hasDesktop
    ? [
        { id: 'terminal', label: 'Terminal' },
        { id: 'desktop', label: 'Desktop' },
      ]
    : [{ id: 'terminal', label: 'Terminal' }];
  const current: LabTab = hasDesktop ? tab : 'terminal';
  return (
    <section className="lab-pane" aria-label="Lab">
      {courseId && <LabControls courseId={courseId} />}
      <div role="tablist" aria-label="Lab connections" className="tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={current === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={current === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              if (hasDesktop && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) setTab(current === 'terminal' ? 'desktop' : 'terminal');
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} className="tab-panel">
        {courseId ? (
          <SessionArea key={`${courseId}:${current}`} courseId={courseId} kind={sessionViews[current]} settings={settings} />
        ) : (
          <EmptyState title="No lab running">
            <p>Open a course and press Launch: its lab machines appear here.</p>
          </EmptyState>
        )}
      </div>
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
          <section className="steps-pane" aria-label="Course steps">
            {courseId ? (
              <CourseSteps courseId={courseId} stepId={stepId} />
            ) : (
              <EmptyState title="No course open" action={<a className="button" href={hrefOf('courses')}>Go to Courses</a>}>
                <p>Pick a course in your library: its steps show here, beside your lab.</p>
              </EmptyState>
            )}
          </section>
        }
        end={<LabPane courseId={courseId} settings={settings} />}
      />
    </div>
  );
}
