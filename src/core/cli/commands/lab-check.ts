import type { Command } from 'commander';
import type { Step } from '../../../shared/course/course-manifest';
import { LabCheckOutput, type CheckRun } from '../../../shared/labs/check-calls';
import { StepWithoutChecksError, UnknownStepError } from '../../labs/checks/lab-checks';
import type { LabService } from '../../labs/lab-service';
import type { CliContext } from '../cli-context';
import { CliUsageError, EXIT_FAILED, EXIT_OK } from '../cli-errors';
import { checkLabInput } from '../cli-input';
import { ownFailures, requireRunningLab } from './lab-ssh';

function describeRuns(output: LabCheckOutput, steps: readonly Step[]): string {
  const lines: string[] = [];
  for (const run of output.runs) {
    const step = steps.find((s) => s.id === run.stepId);
    lines.push(`Step ${run.stepId}${step ? ` (${step.title})` : ''}: ${run.passed} of ${run.total} passed`);
    for (const outcome of run.outcomes) {
      lines.push(`  ${outcome.passed ? 'PASS' : 'FAIL'}  ${outcome.script}`);
      if (!outcome.passed && outcome.hint) lines.push(...outcome.hint.split('\n').map((line) => `        hint: ${line}`));
    }
  }
  lines.push(`Score: ${output.passed} of ${output.total} checks pass (${Math.round(output.score * 100)} %).`);
  return lines.join('\n');
}

function summary(courseId: string, runs: CheckRun[]): LabCheckOutput {
  const passed = runs.reduce((n, r) => n + r.passed, 0);
  const total = runs.reduce((n, r) => n + r.total, 0);
  return { courseId, runs, passed, total, score: total === 0 ? 1 : passed / total };
}

export function labCheckCommand(lab: Command, context: () => CliContext, labService: (ctx: CliContext) => LabService): void {
  lab
    .command('check')
    .description(
      'Run the progress checks of a step (or of every step) on the lab; exit 0 when all pass, 1 when one fails, 255 when lab-console could not run them.',
    )
    .argument('<course>', 'course id')
    .option('--step <id>', 'only this step (see `lab-console course show COURSE`)')
    .action(async (courseId: string, opts: { step?: string }) => {
      const ctx = context();
      await checkLabInput(ctx, courseId);
      const service = await ownFailures(async () => labService(ctx));
      const steps = await ownFailures(async () => {
        try {
          return service.checks.steps(courseId, opts.step);
        } catch (error) {
          if (error instanceof UnknownStepError || error instanceof StepWithoutChecksError)
            throw new CliUsageError(error.message, 'invalid_input');
          throw error;
        }
      });
      if (steps.length === 0) {
        ctx.out.result(LabCheckOutput, summary(courseId, []), () => `Course ${courseId} has no progress checks.`);
        ctx.exitCode = EXIT_OK;
        return;
      }
      const runs = await ownFailures(async () => {
        try {
          await requireRunningLab(service, courseId);
        } finally {
          // From here on it is SSH only: the cloud's connections would keep this process alive.
          await service.stop();
        }
        return service.checks.run(courseId, steps, 'cli');
      });
      const output = summary(courseId, runs);
      ctx.out.result(LabCheckOutput, output, (v) => describeRuns(v, steps));
      ctx.exitCode = output.passed === output.total ? EXIT_OK : EXIT_FAILED;
    });
}
