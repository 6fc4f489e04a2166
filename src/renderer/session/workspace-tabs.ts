import type { ConnectionSummary, FirstTab, ServiceSummary } from '../../shared/course/course-library';
import { MAX_WORKSPACE_TABS, type WorkspaceTab, type WorkspaceTabs } from '../../shared/stream/workspace-tabs';
import type { SessionKindName } from '../../shared/stream';

/**
 * The Lab screen's tabs as plain data: what opening, closing, renaming and switching do to them.
 * The app keeps them per course (`session.saveTabs`); the views find their sessions by tab id.
 */

const KIND_OF_PROTOCOL: Record<ConnectionSummary['protocol'], SessionKindName> = { ssh: 'terminal', rdp: 'desktop', vnc: 'vnc' };

export function kindOf(protocol: ConnectionSummary['protocol']): SessionKindName {
  return KIND_OF_PROTOCOL[protocol];
}

/** A tab id: unique in this course's tabs, and opaque. */
export function newTabId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0'))
    .join('')
    .slice(0, 16);
}

/** The tabs a course opens with (course.yaml `lab.tabs`, or one per connection). */
export function firstTabs(first: readonly FirstTab[], makeId: () => string = newTabId): WorkspaceTabs {
  const tabs = first.map((tab): WorkspaceTab =>
    tab.service
      ? { id: makeId(), kind: 'web', connection: tab.connection, service: tab.service, title: tab.title }
      : { id: makeId(), kind: kindOf(tab.protocol), connection: tab.connection, title: tab.title },
  );
  return { tabs, active: tabs[0]?.id ?? null };
}

/**
 * Saved tabs against the course as it is now: a tab on a connection (or a web page of a service)
 * the course no longer has, or of another kind, goes; the rest stay as the learner left them.
 */
export function reconcileTabs(
  saved: WorkspaceTabs,
  connections: readonly ConnectionSummary[],
  services: readonly ServiceSummary[] = [],
): WorkspaceTabs {
  const tabs = saved.tabs.filter((tab) =>
    tab.kind === 'web'
      ? services.some((s) => s.name === tab.service && s.connection === tab.connection)
      : tab.service === undefined && connections.some((c) => c.name === tab.connection && kindOf(c.protocol) === tab.kind),
  );
  return { tabs, active: tabs.some((t) => t.id === saved.active) ? saved.active : (tabs[0]?.id ?? null) };
}

export function activeTab(model: WorkspaceTabs): WorkspaceTab | undefined {
  return model.tabs.find((t) => t.id === model.active) ?? model.tabs[0];
}

/** What the tab says: the learner's title, else the service or the connection, numbered when it has several tabs. */
export function tabLabel(tab: WorkspaceTab, tabs: readonly WorkspaceTab[]): string {
  if (tab.title) return tab.title;
  if (tab.service) return tab.service;
  const siblings = tabs.filter((t) => t.connection === tab.connection && t.kind === tab.kind && !t.title);
  const index = siblings.indexOf(tab);
  return siblings.length > 1 && index > 0 ? `${tab.connection} ${index + 1}` : tab.connection;
}

export function canAddTab(model: WorkspaceTabs): boolean {
  return model.tabs.length < MAX_WORKSPACE_TABS;
}

/** A new tab after the others, shown. A desktop opens once: asking for it again shows the one there is. */
export function addTab(model: WorkspaceTabs, kind: SessionKindName, connection: string, id: string = newTabId()): WorkspaceTabs {
  if (kind === 'desktop' || kind === 'vnc') {
    const open = model.tabs.find((t) => t.kind === kind && t.connection === connection);
    if (open) return { ...model, active: open.id };
  }
  if (!canAddTab(model)) return model;
  return { tabs: [...model.tabs, { id, kind, connection, title: null }], active: id };
}

/** A service's web page in a tab, shown; it opens once: asking for it again shows the one there is. */
export function addServiceTab(model: WorkspaceTabs, service: ServiceSummary, id: string = newTabId()): WorkspaceTabs {
  const open = model.tabs.find((t) => t.kind === 'web' && t.service === service.name);
  if (open) return { ...model, active: open.id };
  if (!canAddTab(model)) return model;
  return { tabs: [...model.tabs, { id, kind: 'web', connection: service.connection, service: service.name, title: null }], active: id };
}

/** Closes a tab; the one after it is shown (or the one before, when it was the last). */
export function closeTab(model: WorkspaceTabs, id: string): WorkspaceTabs {
  const at = model.tabs.findIndex((t) => t.id === id);
  if (at < 0) return model;
  const tabs = model.tabs.filter((t) => t.id !== id);
  if (model.active !== id && model.active !== null) return { tabs, active: model.active };
  return { tabs, active: (tabs[at] ?? tabs[at - 1])?.id ?? null };
}

/** A new title; empty or blank: back to the connection's name. */
export function renameTab(model: WorkspaceTabs, id: string, title: string): WorkspaceTabs {
  const trimmed = title.trim().slice(0, 40);
  return { ...model, tabs: model.tabs.map((t) => (t.id === id ? { ...t, title: trimmed || null } : t)) };
}

export function showTab(model: WorkspaceTabs, id: string): WorkspaceTabs {
  return model.tabs.some((t) => t.id === id) ? { ...model, active: id } : model;
}

/** The next (1) or previous (-1) tab, round the ends. */
export function stepTab(model: WorkspaceTabs, step: 1 | -1): WorkspaceTabs {
  if (model.tabs.length === 0) return model;
  const at = Math.max(
    0,
    model.tabs.findIndex((t) => t.id === activeTab(model)?.id),
  );
  return { ...model, active: model.tabs[(at + step + model.tabs.length) % model.tabs.length]!.id };
}
