import { parseDuration } from '../../../shared/course/duration';
import type { AttributeReport } from './attribute-report';
import { strToBool, type HastexoBlock } from './hastexo-block';

// Attributes of a hastexo block that each map to one setting of the lab: who may type, how long things take.

/** read_only or hidden: as in hastexo, either shows the lab read-only. */
export function readOnlyOf(block: HastexoBlock, report: AttributeReport): boolean {
  const readOnly = strToBool(block.settings.get('read_only') ?? 'false') === true;
  const hidden = strToBool(block.settings.get('hidden') ?? 'false') === true;
  report.report(
    'read_only',
    readOnly ? 'mapped' : 'default',
    readOnly ? 'lab.connections[].read_only: true — the learner sees the lab but cannot type' : 'the learner can type in the lab',
  );
  report.report(
    'hidden',
    hidden ? 'warning' : 'default',
    hidden ? 'Lab Console cannot hide the lab; as in hastexo (read_only or hidden), it is shown read-only' : 'the lab is shown',
  );
  return readOnly || hidden;
}

function secondsSetting(report: AttributeReport, name: string, value: string | undefined, target: string): string | undefined {
  const raw = value?.trim();
  if (!raw || raw === 'None' || raw === '0') {
    report.report(name, 'default', `unset: Lab Console's default (hastexo's) applies to ${target}`);
    return undefined;
  }
  const seconds = /^\d+$/.test(raw) ? Number(raw) : parseDuration(raw);
  if (!seconds) {
    report.report(name, 'warning', `"${raw}" is not a number of seconds; ${target} keeps its default`);
    return undefined;
  }
  report.report(name, 'mapped', `${target}: ${seconds}s`);
  return `${seconds}s`;
}

export function timeoutsOf(block: HastexoBlock, report: AttributeReport): Record<string, string> {
  const s = block.settings;
  const out: Record<string, string> = {};
  const launch = secondsSetting(report, 'launch_timeout', s.get('launch_timeout'), 'lab.timeouts.launch_timeout');
  const suspend = secondsSetting(report, 'suspend_timeout', s.get('suspend_timeout'), 'lab.timeouts.suspend_timeout');
  const deleteAge = secondsSetting(report, 'delete_age', s.get('delete_age'), 'lab.timeouts.delete_age');
  if (launch) out.launch_timeout = launch;
  if (suspend) out.suspend_timeout = suspend;
  if (deleteAge) out.delete_age = deleteAge;
  return out;
}
