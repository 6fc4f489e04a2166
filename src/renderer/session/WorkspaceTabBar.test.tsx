import { fireEvent, render, screen } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { WorkspaceTabs } from '../../shared/stream/workspace-tabs';
import { addTab, closeTab, renameTab, showTab } from './workspace-tabs';
import { WorkspaceTabBar } from './WorkspaceTabBar';

const connections = [
  { name: 'terminal', protocol: 'ssh' as const },
  { name: 'desktop', protocol: 'rdp' as const },
];
const start: WorkspaceTabs = {
  tabs: [
    { id: 'a', kind: 'terminal', connection: 'terminal', title: null },
    { id: 'b', kind: 'terminal', connection: 'terminal', title: null },
    { id: 'c', kind: 'desktop', connection: 'desktop', title: null },
  ],
  active: 'a',
};

function Bar(): ReactNode {
  const [tabs, setTabs] = useState(start);
  return (
    <WorkspaceTabBar
      tabs={tabs}
      connections={connections}
      onShow={(id) => setTabs((t) => showTab(t, id))}
      onClose={(id) => setTabs((t) => closeTab(t, id))}
      onRename={(id, title) => setTabs((t) => renameTab(t, id, title))}
      onAdd={(kind, connection) => setTabs((t) => addTab(t, kind, connection, 'new'))}
    />
  );
}

const names = () => screen.getAllByRole('tab').map((tab) => tab.textContent?.replace('×', ''));
const selected = () =>
  screen
    .getAllByRole('tab')
    .find((tab) => tab.getAttribute('aria-selected') === 'true')
    ?.textContent?.replace('×', '');

describe('the Lab tab bar', () => {
  it('switches tabs with the arrow keys, one tab in the tab order', () => {
    render(<Bar />);
    expect(names()).toEqual(['terminal', 'terminal 2', 'desktop']);
    expect(screen.getAllByRole('tab').map((tab) => tab.tabIndex)).toEqual([0, -1, -1]);
    fireEvent.keyDown(screen.getByRole('tab', { name: /^terminal$/ }), { key: 'ArrowLeft' });
    expect(selected()).toBe('desktop');
    fireEvent.keyDown(screen.getByRole('tab', { name: /desktop/ }), { key: 'Home' });
    expect(selected()).toBe('terminal');
  });

  it('closes the focused tab with Delete and renames it with F2', () => {
    render(<Bar />);
    fireEvent.keyDown(screen.getByRole('tab', { name: /terminal 2/ }), { key: 'Delete' });
    expect(names()).toEqual(['terminal', 'desktop']);
    fireEvent.keyDown(screen.getByRole('tab', { name: /^terminal$/ }), { key: 'F2' });
    const field = screen.getByRole('textbox', { name: 'Tab name' });
    fireEvent.change(field, { target: { value: 'editor' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(names()).toEqual(['editor', 'desktop']);
  });

  it('opens a shell on any machine of the course, or its desktop, from "+"', () => {
    render(<Bar />);
    fireEvent.click(screen.getByRole('button', { name: 'New tab' }));
    const items = screen.getAllByRole('menuitem').map((item) => item.textContent);
    expect(items).toEqual(['Shell on terminal', 'Desktop on desktop']);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Shell on terminal' }));
    expect(names()).toEqual(['terminal', 'terminal 2', 'desktop', 'terminal 3']);
    expect(selected()).toBe('terminal 3');
  });
});
