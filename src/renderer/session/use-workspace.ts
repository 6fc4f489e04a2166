import { useCallback, useEffect, useRef, useState } from 'react';
import type { CourseDetail, ServiceSummary } from '../../shared/course/course-library';
import type { WorkspaceTabs } from '../../shared/stream/workspace-tabs';
import type { SessionKindName } from '../../shared/stream';
import { useApi } from '../api/api-context';
import { learnTabSessions, takeTabSession } from './tab-sessions';
import { addServiceTab, addTab, closeTab, firstTabs, reconcileTabs, renameTab, showTab, stepTab } from './workspace-tabs';

export interface Workspace {
  /** Undefined until the course, its saved tabs and its open sessions are known. */
  readonly tabs: WorkspaceTabs | undefined;
  readonly course: CourseDetail | undefined;
  readonly error: string | undefined;
  add(kind: SessionKindName, connection: string): void;
  /** The web page of one of the lab's services. */
  addService(service: ServiceSummary): void;
  close(tabId: string): void;
  rename(tabId: string, title: string): void;
  show(tabId: string): void;
  step(step: 1 | -1): void;
}

/**
 * A course's Lab tabs: the learner's saved arrangement (else the course's first tabs), each tab
 * taking back its running session; every change is saved in the app, so the tabs come back after
 * a suspend and resume, a reload or a restart. Closing a tab closes its session.
 */
export function useWorkspace(courseId: string): Workspace {
  const api = useApi();
  const [tabs, setTabs] = useState<WorkspaceTabs>();
  const [course, setCourse] = useState<CourseDetail>();
  const [error, setError] = useState<string>();
  const current = useRef<WorkspaceTabs | undefined>(undefined);

  useEffect(() => {
    let live = true;
    Promise.all([
      api.call('course.get', { id: courseId }),
      api.call('session.tabs', { courseId }),
      api.call('session.list', { courseId }),
    ]).then(
      ([detail, saved, listed]) => {
        if (!live) return;
        const model = saved ? reconcileTabs(saved, detail.connections, detail.services) : firstTabs(detail.firstTabs);
        // Saved at once: the first tabs' ids must stay the same when the screen shows them again.
        if (!saved) void api.call('session.saveTabs', { courseId, ...model }).catch(() => undefined);
        learnTabSessions(
          model.tabs.map((t) => t.id),
          listed.sessions,
        );
        current.current = model;
        setCourse(detail);
        setTabs(model);
      },
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, courseId]);

  const change = useCallback(
    (next: (model: WorkspaceTabs) => WorkspaceTabs) => {
      const before = current.current;
      if (!before) return;
      const after = next(before);
      if (after === before) return;
      current.current = after;
      setTabs(after);
      void api.call('session.saveTabs', { courseId, ...after }).catch(() => undefined);
    },
    [api, courseId],
  );

  const close = useCallback(
    (tabId: string) => {
      change((model) => closeTab(model, tabId));
      void takeTabSession(tabId)?.then(
        ({ sessionId }) => api.call('session.close', { sessionId }),
        () => undefined,
      );
    },
    [api, change],
  );

  return {
    tabs,
    course,
    error,
    add: useCallback((kind, connection) => change((model) => addTab(model, kind, connection)), [change]),
    addService: useCallback((service) => change((model) => addServiceTab(model, service)), [change]),
    close,
    rename: useCallback((tabId, title) => change((model) => renameTab(model, tabId, title)), [change]),
    show: useCallback((tabId) => change((model) => showTab(model, tabId)), [change]),
    step: useCallback((step) => change((model) => stepTab(model, step)), [change]),
  };
}
