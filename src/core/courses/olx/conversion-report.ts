import type { ConversionReport, ConvertedCourseReport } from '../../../shared/course/olx-conversion';

/** The report an author reads next to the converted courses: conversion-report.md. */
export const REPORT_FILE = 'conversion-report.md';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function courseSection(course: ConvertedCourseReport): string[] {
  const lines = [
    `## ${course.title}`,
    '',
    `- id: \`${course.id}\`, version \`${course.version}\`${course.dir ? `, folder \`${course.dir}\`` : ''}`,
    `- from section "${course.chapter}", subsection \`${course.subsection}\`; lab protocol ${course.protocol}`,
    `- steps: ${course.steps.map((s) => `\`${s.id}\`${s.checks ? ` (${s.checks} check${s.checks === 1 ? '' : 's'})` : ''}`).join(', ')}`,
    '',
    '### Lab block attributes',
    '',
    '| attribute | value | status | Lab Console |',
    '| --- | --- | --- | --- |',
    ...course.attributes.map(
      (a) =>
        `| ${cell(a.attribute)} | ${a.value ? `\`${cell(a.value.length > 60 ? `${a.value.slice(0, 57)}…` : a.value)}\`` : ''} | ${a.status} | ${cell(a.mapping)} |`,
    ),
  ];
  if (course.unsupported.length) {
    lines.push('', '### Not shown in Lab Console', '', '| element | unit | where |', '| --- | --- | --- |');
    lines.push(
      ...course.unsupported.map((u) => `| ${cell(u.element)} | ${cell(u.unitTitle)} (\`${cell(u.unit)}\`) | ${cell(u.file)}:${u.line} |`),
    );
  }
  if (course.notes.length) lines.push('', '### Notes', '', ...course.notes.map((n) => `- ${n}`));
  return lines;
}

export function reportMarkdown(report: ConversionReport): string {
  const { source } = report;
  const lines = [
    `# Conversion of "${source.title}" (${source.org}/${source.course}, run ${source.run || 'unknown'})`,
    '',
    `${report.courses.length} course${report.courses.length === 1 ? '' : 's'} converted, one per subsection with a lab. Statuses: mapped (written to course.yaml), default (Lab Console already behaves so), ignored (no equivalent; why is given), warning (ignored, and you should know).`,
    '',
    ...report.courses.flatMap((c) => [...courseSection(c), '']),
  ];
  if (report.skipped.length) {
    lines.push(
      '## Subsections left out',
      '',
      ...report.skipped.map((s) => `- "${s.title}" (\`${s.subsection}\`, section "${s.chapter}"): ${s.reason}`),
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The lines an import shows the learner: what was ignored with a warning and what is not shown. */
export function conversionWarnings(report: ConversionReport): string[] {
  return report.courses.flatMap((course) => [
    ...course.attributes.filter((a) => a.status === 'warning').map((a) => `${course.id}: ${a.attribute} — ${a.mapping}`),
    ...course.unsupported.map(
      (u) =>
        `${course.id}: unit "${u.unitTitle}" has ${u.element === 'problem' ? 'a problem' : `"${u.element}"`} that Lab Console does not show`,
    ),
  ]);
}
