import type { AppInfo, Settings } from '../../shared/contract';
import { recentLogLines } from '../log/file-logger';
import { redact, redactText } from '../log/redact';

export interface DiagnosticsInput {
  readonly info: AppInfo;
  readonly settings: Settings;
  readonly logDir: string;
  readonly schemaVersion: number;
  readonly extra?: Record<string, unknown>;
}

/**
 * The text a learner pastes to their course's support team: versions, settings and recent log
 * lines, with every secret masked.
 */
export function collectDiagnostics(input: DiagnosticsInput): string {
  const lines = [
    `${input.info.name} ${input.info.version} (${input.info.mode})`,
    `platform: ${input.info.platform}`,
    `data folder: ${input.info.home}`,
    `database schema: ${input.schemaVersion}`,
    `secret store: ${input.info.secretStore}`,
    `versions: ${Object.entries(input.info.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
    'settings:',
    JSON.stringify(redact(input.settings), null, 2),
  ];
  if (input.extra) lines.push('', 'state:', JSON.stringify(redact(input.extra), null, 2));
  lines.push('', 'recent log lines:', ...recentLogLines(input.logDir, 200).map(redactText));
  return lines.join('\n');
}
