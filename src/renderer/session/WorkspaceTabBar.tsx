import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionSummary, ServiceSummary } from '../../shared/course/course-library';
import type { WorkspaceTabs } from '../../shared/stream/workspace-tabs';
import type { SessionKindName } from '../../shared/stream';
import { GlobeIcon, MonitorIcon, TerminalIcon } from '../components/icons';
import { commandKeys, currentKeyMode } from './workspace-keys';
import { activeTab, canAddTab, kindOf, tabLabel } from './workspace-tabs';

const KEY_MODE = currentKeyMode();

export interface WorkspaceTabBarProps {
  readonly tabs: WorkspaceTabs;
  readonly connections: readonly ConnectionSummary[];
  /** The lab's web pages (course.yaml `lab.services`). */
  readonly services?: readonly ServiceSummary[];
  onShow(tabId: string): void;
  onClose(tabId: string): void;
  onRename(tabId: string, title: string): void;
  onAdd(kind: SessionKindName, connection: string): void;
  onAddService?(service: ServiceSummary): void;
}

/** What "+" can open: a shell or desktop on a connection, or a service's web page. */
type NewTab = { readonly connection: ConnectionSummary } | { readonly service: ServiceSummary };

const TAB_ICONS: Record<SessionKindName, () => ReactNode> = {
  terminal: TerminalIcon,
  desktop: MonitorIcon,
  vnc: MonitorIcon,
  web: GlobeIcon,
};

const focusTab = (tabId: string | undefined): void => {
  if (tabId) requestAnimationFrame(() => document.getElementById(`lab-tab-${tabId}`)?.focus());
};

/** The Lab tabs: one per shell or desktop; arrows switch, Delete closes, F2 or a double click renames; "+" opens more. */
export function WorkspaceTabBar({
  tabs,
  connections,
  services = [],
  onShow,
  onClose,
  onRename,
  onAdd,
  onAddService,
}: WorkspaceTabBarProps): ReactNode {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState<string>();
  const [adding, setAdding] = useState(false);
  const shown = activeTab(tabs);

  const move = (from: string, to: 'next' | 'previous' | 'first' | 'last'): void => {
    const at = tabs.tabs.findIndex((t) => t.id === from);
    const count = tabs.tabs.length;
    const index = to === 'first' ? 0 : to === 'last' ? count - 1 : (at + (to === 'next' ? 1 : -1) + count) % count;
    const target = tabs.tabs[index];
    if (!target) return;
    onShow(target.id);
    focusTab(target.id);
  };

  return (
    <div className="workspace-bar">
      <div role="tablist" aria-label={t('session.tabs.label')} className="workspace-tabs">
        {tabs.tabs.map((tab) => {
          const label = tabLabel(tab, tabs.tabs);
          if (renaming === tab.id) {
            return (
              <RenameField
                key={tab.id}
                initial={label}
                onDone={(title) => {
                  setRenaming(undefined);
                  if (title !== undefined) onRename(tab.id, title);
                  focusTab(tab.id);
                }}
              />
            );
          }
          const selected = tab.id === shown?.id;
          const Icon = TAB_ICONS[tab.kind];
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`lab-tab-${tab.id}`}
              className="workspace-tab"
              aria-selected={selected}
              aria-controls={`lab-panel-${tab.id}`}
              aria-describedby="workspace-tab-help"
              tabIndex={selected ? 0 : -1}
              title={t('session.tabs.tabTitle', { label, keys: commandKeys('close-tab', KEY_MODE) })}
              onClick={() => onShow(tab.id)}
              onDoubleClick={() => setRenaming(tab.id)}
              onKeyDown={(event) => {
                const to = { ArrowRight: 'next', ArrowLeft: 'previous', Home: 'first', End: 'last' } as const;
                if (event.key in to) {
                  event.preventDefault();
                  move(tab.id, to[event.key as keyof typeof to]);
                } else if (event.key === 'Delete') {
                  event.preventDefault();
                  onClose(tab.id);
                } else if (event.key === 'F2') {
                  event.preventDefault();
                  setRenaming(tab.id);
                }
              }}
            >
              <Icon />
              <span className="workspace-tab-label">{label}</span>
              {/* For the mouse; the keyboard closes with Delete (said by the tab's description). */}
              <span
                className="workspace-tab-close"
                aria-hidden="true"
                onClick={(event) => {
                  event.stopPropagation();
                  onClose(tab.id);
                }}
              >
                ×
              </span>
            </button>
          );
        })}
      </div>
      <span id="workspace-tab-help" hidden>
        {t('session.tabs.help')}
      </span>
      <div className="workspace-add">
        <button
          type="button"
          className="workspace-add-button"
          aria-label={t('session.tabs.newTab')}
          title={t('session.tabs.newShellTitle', { keys: commandKeys('new-shell', KEY_MODE) })}
          aria-haspopup="menu"
          aria-expanded={adding}
          disabled={!canAddTab(tabs)}
          onClick={() => setAdding((open) => !open)}
        >
          +
        </button>
        {adding && (
          <NewTabMenu
            choices={[
              ...connections.map((connection) => ({ connection })),
              ...(onAddService ? services.map((service) => ({ service })) : []),
            ]}
            onPick={(choice) => {
              setAdding(false);
              if (choice && 'service' in choice) onAddService?.(choice.service);
              else if (choice) onAdd(kindOf(choice.connection.protocol), choice.connection.name);
            }}
          />
        )}
      </div>
    </div>
  );
}

function RenameField({ initial, onDone }: { initial: string; onDone: (title: string | undefined) => void }): ReactNode {
  const { t } = useTranslation();
  const done = useRef(false);
  const finish = (title: string | undefined): void => {
    if (done.current) return;
    done.current = true;
    onDone(title);
  };
  return (
    <input
      className="workspace-rename"
      aria-label={t('session.tabs.tabName')}
      defaultValue={initial}
      maxLength={40}
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      onBlur={(event) => finish(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') finish(event.currentTarget.value);
        else if (event.key === 'Escape') finish(undefined);
      }}
    />
  );
}

/** "+": a shell on any of the course's machines, its desktop, or a web page of the lab. */
function NewTabMenu({ choices, onPick }: { choices: readonly NewTab[]; onPick: (choice: NewTab | undefined) => void }): ReactNode {
  const { t } = useTranslation();
  const menu = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  });
  useEffect(() => {
    menu.current?.querySelector('button')?.focus();
    const away = (event: MouseEvent): void => {
      if (!menu.current?.parentElement?.contains(event.target as Node)) pick.current(undefined);
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, []);
  return (
    <div
      ref={menu}
      role="menu"
      aria-label={t('session.tabs.newTab')}
      className="terminal-menu workspace-add-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' || event.key === 'Tab') {
          event.preventDefault();
          onPick(undefined);
          menu.current?.parentElement?.querySelector<HTMLButtonElement>('.workspace-add-button')?.focus();
        } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
          const at = items.indexOf(document.activeElement as HTMLButtonElement);
          items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
        }
      }}
    >
      {choices.map((choice) =>
        'service' in choice ? (
          <button key={`service:${choice.service.name}`} type="button" role="menuitem" onClick={() => onPick(choice)}>
            {t('session.tabs.service', { kind: t('session.kind.web'), service: choice.service.name })}
          </button>
        ) : (
          <button key={choice.connection.name} type="button" role="menuitem" onClick={() => onPick(choice)}>
            {t('session.tabs.onConnection', {
              kind: t(`session.kind.${kindOf(choice.connection.protocol)}`),
              connection: choice.connection.name,
            })}
          </button>
        ),
      )}
    </div>
  );
}
