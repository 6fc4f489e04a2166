import { useState, type ReactNode } from 'react';
import { EmptyState } from '../components/EmptyState';
import { CourseSteps } from '../course/CourseSteps';
import { SplitPane } from '../components/SplitPane';
import { hrefOf } from '../hooks/use-route';
import type { SettingsState } from '../hooks/use-settings';
import { TerminalArea } from '../terminal/TerminalArea';
import { LabControls } from '../lab/LabControls';

type LabTab = 'terminal' | 'desktop';

function LabPane({ courseId, settings }: { courseId?: string; settings: SettingsState }): ReactNode {
  const [tab, setTab] = useState<LabTab>('terminal');
  const tabs: readonly { id: LabTab; label: string }[] = [
    { id: 'terminal', label: 'Terminal' },
    { id: 'desktop', label: 'Desktop' },
  ];
  return (
    <section className="lab-pane" aria-label="Lab">
      {courseId && <LabControls courseId={courseId} />}
      <div role="tablist" aria-label="Lab connections" className="tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') setTab(tab === 'terminal' ? 'desktop' : 'terminal');
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'terminal' && courseId ? (
          <TerminalArea key={courseId} courseId={courseId} settings={settings} />
        ) : (
          <EmptyState title="No lab running">
            <p>Open a course and press Launch: its lab machines appear here as a {tab === 'terminal' ? 'terminal' : 'remote desktop'}.</p>
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
