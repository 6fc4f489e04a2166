import { WorkspaceTabs } from '../../shared/stream/workspace-tabs';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { Clock } from '../time/clock';

/**
 * The tabs of each course's Lab screen as the learner left them (table `workspace_tabs`,
 * migration 9), so that they come back after a suspend and resume or a restart. A row that no
 * longer reads as tabs (written by a later version, edited by hand) counts as none.
 */
export class WorkspaceTabStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  get(courseId: string): WorkspaceTabs | null {
    const row = this.db.prepare('SELECT tabs FROM workspace_tabs WHERE course_id = ?').get(courseId) as { tabs: string } | undefined;
    if (!row) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(row.tabs);
    } catch {
      raw = undefined;
    }
    const parsed = WorkspaceTabs.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.logger.warn('stored Lab tabs ignored: they do not read as tabs', { courseId });
    return null;
  }

  save(courseId: string, tabs: WorkspaceTabs): void {
    const checked = WorkspaceTabs.parse(tabs);
    this.db
      .prepare(
        `INSERT INTO workspace_tabs (course_id, tabs, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (course_id) DO UPDATE SET tabs = excluded.tabs, updated_at = excluded.updated_at`,
      )
      .run(courseId, JSON.stringify(checked), this.clock.now());
  }
}
