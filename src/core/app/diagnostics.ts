import type { AppInfo, Settings } from '../../shared/contract';
import { recentLogLines } from '../log/file-logger';
import { redact, redactText } from '../log/redact';
import { processSecrets, type SecretValues } from '../log/secret-values';

export interface DiagnosticsInput {
  readonly info: AppInfo;
  readonly settings: Settings;
  readonly logDir: string;
  readonly schemaVersion: number;
  readonly extra?: Record<string, unknown>;
  /** The secret values to mask (this process's by default; the caller reads the secret store into it first). */
  readonly secrets?: SecretValues;
}

/**
 * The text a learner pastes to their course's support team: versions, settings and recent log
 * lines, with every secret masked.
 */
export function collectDiagnostics(input: DiagnosticsInput): string {
  const secrets = input.secrets ?? processSecrets;
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
    JSON.stringify(redact(input.settings, secrets), null, 2),
  ];
  if (input.extra) lines.push('', 'state:', JSON.stringify(redact(input.extra, secrets), null, 2));
  // Lines written before a secret was known (or by an older version) are masked again with all known now.
  lines.push('', 'recent log lines:', ...recentLogLines(input.logDir, 200).map((line) => redactText(line, secrets)));
  return lines.join('\n');
}
