import type { CheckRun } from '../../../shared/labs/check-calls';
import type { ApiHandlers } from '../../api/dispatch';
import type { CheckHistory } from './check-history';
import type { LabChecks } from './lab-checks';

/** What the handlers use of the lab service, which builds the checks and their history. */
interface ChecksOfLabs {
  readonly checks: LabChecks;
  readonly checkHistory: CheckHistory;
}

/**
 * `lab.check` runs one step's checks on the running lab (and records them; all passing marks the
 * step done; `onRun` hears each run); `lab.solve` runs its solve script; `lab.checkHistory` reads past runs.
 */
export function checkHandlers(
  labs: () => ChecksOfLabs,
  onRun: (run: CheckRun) => void = () => undefined,
): Pick<ApiHandlers, 'lab.check' | 'lab.solve' | 'lab.checkHistory'> {
  return {
    'lab.check': async ({ courseId, stepId }) => {
      const service = labs();
      const [run] = await service.checks.run(courseId, service.checks.steps(courseId, stepId), 'app');
      onRun(run!);
      return run!;
    },
    // The contract's `confirm: true` says the learner agreed: a solve changes their lab.
    'lab.solve': async ({ courseId, stepId }) => labs().checks.solve(courseId, stepId),
    'lab.checkHistory': async ({ courseId, stepId, limit }) => labs().checkHistory.list(courseId, { stepId, limit }),
  };
}
