import { strToBool, type HastexoBlock } from './hastexo-block';
import type { AttributeReport } from './attribute-report';

/** hastexo's progress check settings, as the step's check_display where they differ from its defaults. */
export function checkDisplay(
  block: HastexoBlock,
  report: AttributeReport,
  hasChecks: boolean,
): Record<string, string | boolean> | undefined {
  const names = ['progress_check_label', 'progress_check_result_heading', 'show_feedback', 'show_hints_on_error'];
  if (!hasChecks) {
    for (const name of names) report.report(name, 'ignored', 'the block has no tests, so no check result to show');
    return undefined;
  }
  const s = block.settings;
  const display: Record<string, string | boolean> = {};
  const label = s.get('progress_check_label')?.trim();
  if (label && label !== 'Check Progress') display.button = label.slice(0, 40);
  report.report(
    'progress_check_label',
    display.button ? 'mapped' : 'default',
    display.button ? `check_display.button: ${display.button}` : 'the button says "Check"',
  );
  const heading = s.get('progress_check_result_heading')?.trim();
  if (heading && heading !== 'Progress check result') display.heading = heading.slice(0, 120);
  report.report(
    'progress_check_result_heading',
    display.heading ? 'mapped' : 'default',
    display.heading ? `check_display.heading: ${display.heading}` : 'the result shows without a heading',
  );
  if (strToBool(s.get('show_feedback') ?? 'true') === false) display.score = false;
  report.report(
    'show_feedback',
    display.score === false ? 'mapped' : 'default',
    display.score === false
      ? 'check_display.score: false — only that the checks ran (and the heading) shows, no score, no hints'
      : 'the score shows',
  );
  if (strToBool(s.get('show_hints_on_error') ?? 'true') === false) display.hints = false;
  report.report(
    'show_hints_on_error',
    display.hints === false ? 'mapped' : 'default',
    display.hints === false
      ? "check_display.hints: false — a failing check's stderr is not shown"
      : "a failing check's stderr is shown as its hint",
  );
  return Object.keys(display).length ? display : undefined;
}
