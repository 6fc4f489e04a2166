import { Fragment, useState, type ComponentType, type ReactNode } from 'react';
import type { Protocol } from '../../shared/course/course-library';
import { ConnectionTabs } from '../components/ConnectionTabs';
import { EmptyState } from '../components/EmptyState';
import { useLabConnections } from '../hooks/use-lab-connections';
import type { SettingsState } from '../hooks/use-settings';
import './session.css';

export interface SessionViewProps {
  readonly courseId: string;
  readonly connection: string;
  /** The visible tab (it takes the keyboard focus). */
  readonly active: boolean;
  readonly settings: SettingsState;
  /** The course shows this connection read-only (the app drops input on it anyway). */
  readonly readOnly: boolean;
}

/** How one kind of live session shows in the Lab screen. */
export interface SessionKindView {
  /** The course's connections it opens. */
  readonly protocol: Protocol;
  /** The name of the tabs over several connections ("Terminals"). */
  readonly tabsLabel: string;
  /** What to say when the course has no such connection. */
  readonly noConnection: { readonly title: string; readonly text: string };
  /** What to say until the lab is up. */
  readonly waiting: string;
  /** Keep a view per connection mounted (a terminal keeps its scrollback), or only the shown one (each desktop holds a framebuffer). */
  readonly keepMounted: boolean;
  readonly View: ComponentType<SessionViewProps>;
}

/**
 * A Lab tab of one kind of live session: a view per connection of the course, shown once its lab
 * is up; the views stay mounted when the lab goes down, so they can say "Lab suspended" and offer Resume.
 */
export function SessionArea({ courseId, kind, settings }: { courseId: string; kind: SessionKindView; settings: SettingsState }): ReactNode {
  const { connections, readOnly, labReady } = useLabConnections(courseId, kind.protocol);
  const [active, setActive] = useState<string>();

  if (connections === undefined) return null;
  if (connections.length === 0) {
    return (
      <EmptyState title={kind.noConnection.title}>
        <p>{kind.noConnection.text}</p>
      </EmptyState>
    );
  }
  if (!labReady) {
    return (
      <EmptyState title="No lab running">
        <p>{kind.waiting}</p>
      </EmptyState>
    );
  }
  const shown = active && connections.includes(active) ? active : connections[0]!;
  const { View } = kind;
  return (
    <div className="session-area">
      <ConnectionTabs label={kind.tabsLabel} names={connections} shown={shown} onShow={setActive} />
      {(kind.keepMounted ? connections : [shown]).map((name) => (
        <Fragment key={name}>
          <View courseId={courseId} connection={name} active={name === shown} settings={settings} readOnly={readOnly.has(name)} />
        </Fragment>
      ))}
    </div>
  );
}
