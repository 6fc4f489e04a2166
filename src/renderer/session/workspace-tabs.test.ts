import { describe, expect, it } from 'vitest';
import type { WorkspaceTabs } from '../../shared/stream/workspace-tabs';
import { addServiceTab, addTab, closeTab, firstTabs, reconcileTabs, renameTab, stepTab, tabLabel } from './workspace-tabs';

const ids = (): (() => string) => {
  let n = 0;
  return () => `t${++n}`;
};
const first = firstTabs(
  [
    { connection: 'terminal', protocol: 'ssh', title: null },
    { connection: 'desktop', protocol: 'rdp', title: null },
  ],
  ids(),
);

describe("the Lab screen's tabs", () => {
  it('opens one tab per connection of the course first, the first one shown', () => {
    expect(first).toEqual({
      tabs: [
        { id: 't1', kind: 'terminal', connection: 'terminal', title: null },
        { id: 't2', kind: 'desktop', connection: 'desktop', title: null },
      ],
      active: 't1',
    });
  });

  it('opens more shells on one machine, numbered, and a desktop only once', () => {
    const more = addTab(addTab(first, 'terminal', 'terminal', 't3'), 'terminal', 'terminal', 't4');
    expect(more.active).toBe('t4');
    expect(more.tabs.map((t) => tabLabel(t, more.tabs))).toEqual(['terminal', 'desktop', 'terminal 2', 'terminal 3']);
    const again = addTab(more, 'desktop', 'desktop', 't5');
    expect(again.tabs).toHaveLength(4);
    expect(again.active).toBe('t2');
  });

  it('shows the next tab when the shown one closes, the previous one at the end, and keeps the shown one otherwise', () => {
    const three = addTab(first, 'terminal', 'terminal', 't3');
    expect(closeTab({ ...three, active: 't2' }, 't2').active).toBe('t3');
    expect(closeTab(three, 't3').active).toBe('t2');
    expect(closeTab(three, 't1').active).toBe('t3');
    expect(closeTab(closeTab(closeTab(three, 't1'), 't2'), 't3')).toEqual({ tabs: [], active: null });
  });

  it('renames a tab, and a blank name gives it back its connection name', () => {
    const renamed = renameTab(first, 't1', '  logs ');
    expect(tabLabel(renamed.tabs[0]!, renamed.tabs)).toBe('logs');
    const back = renameTab(renamed, 't1', '   ');
    expect(tabLabel(back.tabs[0]!, back.tabs)).toBe('terminal');
  });

  it('steps through the tabs round the ends', () => {
    expect(stepTab(first, 1).active).toBe('t2');
    expect(stepTab(stepTab(first, 1), 1).active).toBe('t1');
    expect(stepTab(first, -1).active).toBe('t2');
  });

  it('drops saved tabs of connections the updated course no longer has', () => {
    const saved: WorkspaceTabs = { ...addTab(first, 'terminal', 'gone', 't3') };
    expect(reconcileTabs(saved, [{ name: 'terminal', protocol: 'ssh' }])).toEqual({ tabs: [first.tabs[0]], active: 't1' });
  });

  it("opens a service's web page as a tab of its own, named after the service, and only once", () => {
    const withWeb = firstTabs([{ connection: 'terminal', protocol: 'ssh', title: null, service: 'Dashboard' }], ids());
    expect(withWeb.tabs).toEqual([{ id: 't1', kind: 'web', connection: 'terminal', service: 'Dashboard', title: null }]);
    expect(tabLabel(withWeb.tabs[0]!, withWeb.tabs)).toBe('Dashboard');
    const again = addServiceTab(addTab(withWeb, 'terminal', 'terminal', 't2'), { name: 'Dashboard', connection: 'terminal' }, 't3');
    expect(again.tabs.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(again.active).toBe('t1');
  });

  it('drops saved web pages of services the updated course no longer has, or reaches through another machine', () => {
    const saved = addServiceTab(
      addServiceTab(first, { name: 'Old', connection: 'terminal' }, 't3'),
      { name: 'Web', connection: 'terminal' },
      't4',
    );
    const connections = [{ name: 'terminal', protocol: 'ssh' as const }];
    expect(reconcileTabs(saved, connections, [{ name: 'Web', connection: 'terminal' }]).tabs.map((t) => t.id)).toEqual(['t1', 't4']);
    expect(reconcileTabs(saved, connections, [{ name: 'Web', connection: 'other' }]).tabs.map((t) => t.id)).toEqual(['t1']);
  });
});
