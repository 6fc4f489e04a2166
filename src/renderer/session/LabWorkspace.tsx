import { Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { useLabReady } from '../hooks/use-lab-ready';
import { labUnderWay } from '../lab/lab-wait';
import type { SettingsState } from '../hooks/use-settings';
import { sessionViews } from './session-views';
import { useWorkspace, type Workspace } from './use-workspace';
import { commandKeys, currentKeyMode, workspaceCommand } from './workspace-keys';
import { activeTab } from './workspace-tabs';
import { WorkspaceTabBar } from './WorkspaceTabBar';
import './session.css';

const KEY_MODE = currentKeyMode();

/** The workspace's tab keys, wherever the keyboard is on the Lab screen (a terminal hands them on). */
function useTabKeys(workspace: Workspace): void {
  const latest = useRef(workspace);
  useEffect(() => {
    latest.current = workspace;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const { tabs, course, add, close, step } = latest.current;
      const command = workspaceCommand(event, KEY_MODE);
      if (!tabs || !course || !command) return;
      const shown = activeTab(tabs);
      if (command === 'new-shell') {
        // Another shell on the machine of the shown tab, or on the course's first ssh machine.
        const machine = shown?.kind === 'terminal' ? shown.connection : course.connections.find((c) => c.protocol === 'ssh')?.name;
        if (machine) add('terminal', machine);
      } else if (command === 'close-tab') {
        if (shown) close(shown.id);
      } else if (command === 'next-tab' || command === 'previous-tab') {
        step(command === 'next-tab' ? 1 : -1);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * A course's lab, as tabs: a shell or a desktop each, on the course's connections. The sessions
 * behind them belong to the lab, not to this screen: leaving it (or switching tabs) lets go of
 * their streams only, and coming back takes them back with what they printed meanwhile.
 */
export function LabWorkspace({ courseId, settings }: { courseId: string; settings: SettingsState }): ReactNode {
  const { t } = useTranslation();
  const workspace = useWorkspace(courseId);
  const { labReady, view } = useLabReady(courseId);
  const underWay = labUnderWay(view);
  useTabKeys(workspace);
  const { tabs, course, error } = workspace;
  // The tabs shown at least once on this screen: a kind mounted only from then on keeps its view.
  const [everShown, setEverShown] = useState<ReadonlySet<string>>(() => new Set());
  const shownId = tabs ? activeTab(tabs)?.id : undefined;
  // Adjusted while rendering (React's pattern for state derived from a change), not in an effect.
  if (shownId && !everShown.has(shownId)) setEverShown(new Set(everShown).add(shownId));

  if (error) return <p className="lab-error">{error}</p>;
  if (!tabs || !course) return null;
  if (course.connections.length === 0) {
    return (
      <EmptyState title={t('session.workspace.noMachinesTitle')}>
        <p>{t('session.workspace.noMachines')}</p>
      </EmptyState>
    );
  }
  const shown = activeTab(tabs);
  return (
    <div className="workspace">
      <WorkspaceTabBar
        tabs={tabs}
        connections={course.connections}
        services={course.services}
        onShow={workspace.show}
        onClose={workspace.close}
        onRename={workspace.rename}
        onAdd={workspace.add}
        onAddService={workspace.addService}
      />
      {tabs.tabs.length === 0 && (
        <EmptyState title={t('session.workspace.noTabTitle')}>
          <p>{t('session.workspace.noTab', { keys: commandKeys('new-shell', KEY_MODE) })}</p>
        </EmptyState>
      )}
      {tabs.tabs.map((tab) => {
        const kind = sessionViews[tab.kind];
        const visible = tab.id === shown?.id;
        const mounted = labReady && (visible || (kind.keepMounted && (!kind.firstWhenShown || everShown.has(tab.id))));
        return (
          <div
            key={tab.id}
            role="tabpanel"
            id={`lab-panel-${tab.id}`}
            aria-labelledby={`lab-tab-${tab.id}`}
            className="workspace-panel"
            hidden={!visible}
          >
            {mounted && (
              <Suspense fallback={<p className="loading">{t(`session.loading.${tab.kind}`)}</p>}>
                <kind.View
                  courseId={courseId}
                  connection={tab.connection}
                  {...(tab.service ? { service: tab.service } : {})}
                  tabId={tab.id}
                  active={visible}
                  settings={settings}
                  readOnly={course.connections.some((c) => c.name === tab.connection && c.readOnly === true)}
                />
              </Suspense>
            )}
            {!labReady && visible && (
              <EmptyState
                title={
                  underWay
                    ? underWay.word
                    : view?.lab?.state === 'SUSPEND_COMPLETE'
                      ? t('session.status.labSuspended')
                      : t('session.workspace.noLabTitle')
                }
              >
                <p>
                  {underWay
                    ? t('session.workspace.connectsWhenReady')
                    : view?.lab?.state === 'SUSPEND_COMPLETE'
                      ? t('session.workspace.pressResume')
                      : t('session.workspace.pressLaunch')}
                </p>
              </EmptyState>
            )}
          </div>
        );
      })}
    </div>
  );
}
