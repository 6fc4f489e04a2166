import type { CheckRun } from '../../../shared/labs/check-calls';
import type { ApiHandlers } from '../../api/dispatch';
import type { CheckHistory } from './check-history';
import type { LabChecks } from './lab-checks';

/** What the handlers use of the lab service, which builds the checks and their history. */
interface ChecksOfLabs {
  readonly checks: LabChecks;
  readonly checkHistory: CheckHistory;
}

/** `lab.check` runs one step's checks on the running lab (and records them); `lab.checkHistory` reads past runs. */
export function checkHandlers(
  labs: () => ChecksOfLabs,
  onRun: (run: CheckRun) => void = () => undefined,
): Pick<ApiHandlers, 'lab.check' | 'lab.checkHistory'> {
  return {
    'lab.check': async ({ courseId, stepId }) => {
      const service = labs();
      const [run] = await service.checks.run(courseId, service.checks.steps(courseId, stepId), 'app');
      onRun(run!);
      return run!;
    },
    'lab.checkHistory': async ({ courseId, stepId, limit }) => labs().checkHistory.list(courseId, { stepId, limit }),
  };
}
