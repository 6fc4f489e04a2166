import type { FoundLab } from './cohort-scan';
import { groupOf } from './cohort-rows';

export interface LabSelection {
  /** Keystone user name or id, project name, or stack name. */
  readonly learners?: readonly string[];
  /** Heat ACTION_STATUS (SUSPEND_COMPLETE) or a group (up, down, pending, failed). */
  readonly states?: readonly string[];
  readonly all?: boolean;
}

/** The labs a bulk action applies to; an empty selection selects nothing (never "all" by accident). */
export function selectLabs(labs: readonly FoundLab[], selection: LabSelection): FoundLab[] {
  if (selection.all) return [...labs];
  const learners = selection.learners ?? [];
  const states = (selection.states ?? []).map((s) => s.toUpperCase());
  if (!learners.length && !states.length) return [];
  return labs.filter((lab) => {
    const byLearner =
      !learners.length ||
      learners.some(
        (l) =>
          l === lab.project.name ||
          l === lab.summary.owner ||
          l === lab.identity.userId ||
          l === lab.summary.name ||
          `lab-${l}` === lab.project.name,
      );
    const byState = !states.length || states.includes(lab.summary.status) || states.includes(groupOf(lab).toUpperCase());
    return byLearner && byState;
  });
}
