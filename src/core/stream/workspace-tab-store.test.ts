import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/temp-home';
import { silentLogger } from '../log/logger';
import { openDatabase } from '../store/database';
import { WorkspaceTabStore } from './workspace-tab-store';

const clock = { now: () => 1_700_000_000_000, sleep: async () => undefined };
const tabs = {
  tabs: [
    { id: 'a1', kind: 'terminal' as const, connection: 'terminal', title: null },
    { id: 'b2', kind: 'terminal' as const, connection: 'terminal', title: 'logs' },
    { id: 'c3', kind: 'desktop' as const, connection: 'desktop', title: null },
  ],
  active: 'b2',
};

describe("the Lab screen's tabs kept per course", () => {
  it('gives back the tabs of each course as saved, across a restart of the app', () => {
    const home = tempHome();
    const path = join(home.path, 'lab-console.db');
    const db = openDatabase({ path });
    const store = new WorkspaceTabStore(db, clock, silentLogger);
    expect(store.get('intro-linux')).toBeNull();
    store.save('intro-linux', tabs);
    store.save('other-course', { tabs: [], active: null });
    db.close();
    const reopened = new WorkspaceTabStore(openDatabase({ path }), clock, silentLogger);
    expect(reopened.get('intro-linux')).toEqual(tabs);
    expect(reopened.get('other-course')).toEqual({ tabs: [], active: null });
    home.remove();
  });

  it('refuses to save tabs that do not read as tabs, and ignores a stored row that does not', () => {
    const home = tempHome();
    const db = openDatabase({ path: join(home.path, 'db.sqlite') });
    const store = new WorkspaceTabStore(db, clock, silentLogger);
    expect(() => store.save('intro-linux', { tabs: [tabs.tabs[0]!, tabs.tabs[0]!], active: null })).toThrow(/unique/);
    db.prepare('INSERT INTO workspace_tabs (course_id, tabs, updated_at) VALUES (?, ?, 0)').run('intro-linux', '{"tabs": "not a list"');
    expect(store.get('intro-linux')).toBeNull();
    db.close();
    home.remove();
  });
});
