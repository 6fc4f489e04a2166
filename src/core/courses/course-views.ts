import type { CourseDetail, CourseManifest, CourseSummary, StepStatus } from '../../shared/course';
import type { CourseRecord } from './course-store';

/** A library row as the course list shows it. */
export function courseSummary(record: CourseRecord, completed: Map<string, number>, positions: Map<string, string>): CourseSummary {
  const protocols = [...new Set((record.manifest.lab?.connections ?? []).map((c) => c.protocol))];
  return {
    id: record.id,
    title: record.title,
    version: record.version,
    description: record.description,
    authors: [...record.authors],
    stepCount: record.stepCount,
    completedSteps: completed.get(record.id) ?? 0,
    lastStepId: positions.get(record.id) ?? null,
    importedAt: record.importedAt,
    protocols,
  };
}

/** The course page: its steps with the learner's progress, and the lab's connections and first tabs. */
export function courseDetail(summary: CourseSummary, manifest: CourseManifest, progress: Map<string, StepStatus>): CourseDetail {
  const lab = manifest.lab;
  return {
    ...summary,
    steps: manifest.steps.map((step, index) => ({
      id: step.id,
      index,
      title: step.title,
      hasChecks: step.checks.length > 0,
      status: progress.get(step.id) ?? 'not_started',
    })),
    connections: (lab?.connections ?? []).map((c) => ({
      name: c.name,
      protocol: c.protocol,
      ...(c.read_only ? { readOnly: true } : {}),
    })),
    services: (lab?.services ?? []).map((s) => ({ name: s.name, connection: s.connection })),
    firstTabs: (lab?.tabs ?? []).flatMap((tab) => {
      const protocol = lab?.connections.find((c) => c.name === tab.connection)?.protocol;
      return protocol ? [{ connection: tab.connection, protocol, title: tab.title, ...(tab.service ? { service: tab.service } : {}) }] : [];
    }),
  };
}
