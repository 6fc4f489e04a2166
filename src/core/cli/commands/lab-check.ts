import type { Command } from 'commander';
import type { Step } from '../../../shared/course/course-manifest';
import { LabCheckOutput, type CheckRun } from '../../../shared/labs/check-calls';
import { StepWithoutChecksError, UnknownStepError } from '../../labs/checks/lab-checks';
import type { LabService } from '../../labs/lab-service';
import type { CliContext } from '../cli-context';
import { CliUsageError, EXIT_FAILED, EXIT_OK } from '../cli-errors';
import { checkLabInput } from '../cli-input';
import type { CliText } from '../cli-text';
import { ownFailures, requireRunningLab } from './lab-ssh';

function describeRuns(text: CliText, output: LabCheckOutput, steps: readonly Step[]): string {
  const { t } = text;
  const lines: string[] = [];
  const verdictWidth = Math.max(t('check.pass').length, t('check.fail').length);
  for (const run of output.runs) {
    const step = steps.find((s) => s.id === run.stepId);
    const counts = { step: run.stepId, passed: run.passed, total: run.total };
    lines.push(step ? t('check.stepLineTitled', { ...counts, title: step.title }) : t('check.stepLine', counts));
    for (const outcome of run.outcomes) {
      lines.push(`  ${(outcome.passed ? t('check.pass') : t('check.fail')).padEnd(verdictWidth)}  ${outcome.script}`);
      if (!outcome.passed && outcome.hint) lines.push(...outcome.hint.split('\n').map((line) => `        ${t('check.hint', { line })}`));
    }
  }
  lines.push(t('check.score', { passed: output.passed, total: output.total, percent: text.integer(Math.round(output.score * 100)) }));
  return lines.join('\n');
}

function summary(courseId: string, runs: CheckRun[]): LabCheckOutput {
  const passed = runs.reduce((n, r) => n + r.passed, 0);
  const total = runs.reduce((n, r) => n + r.total, 0);
  return { courseId, runs, passed, total, score: total === 0 ? 1 : passed / total };
}

export function labCheckCommand(lab: Command, context: () => CliContext, text: CliText, labService: (ctx: CliContext) => LabService): void {
  const { t } = text;
  lab
    .command('check')
    .description(t('check.description'))
    .argument('<course>', t('lab.courseId'))
    .option('--step <id>', t('check.step'))
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
        ctx.out.result(LabCheckOutput, summary(courseId, []), () => t('check.none', { courseId }));
        ctx.exitCode = EXIT_OK;
        return;
      }
      const runs = await ownFailures(async () => {
        try {
          await requireRunningLab(text, service, courseId);
        } finally {
          // From here on it is SSH only: the cloud's connections would keep this process alive.
          await service.stop();
        }
        return service.checks.run(courseId, steps, 'cli');
      });
      const output = summary(courseId, runs);
      ctx.out.result(LabCheckOutput, output, (v) => describeRuns(text, v, steps));
      ctx.exitCode = output.passed === output.total ? EXIT_OK : EXIT_FAILED;
    });
}
