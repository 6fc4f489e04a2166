import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RotatingFileLog, recentLogLines } from './file-logger';

describe('RotatingFileLog', () => {
  it('rotates past maxBytes and keeps only N old files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-log-'));
    const log = new RotatingFileLog({ dir, name: 'cli', maxBytes: 500, keep: 2 });
    const logger = log.logger();
    for (let i = 0; i < 60; i++) logger.info(`line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['cli.log', 'cli.log.1', 'cli.log.2']);
    expect(readFileSync(join(dir, 'cli.log'), 'utf8')).toContain('line 59');
  });

  it('never writes secrets from fields or message text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-log-'));
    const logger = new RotatingFileLog({ dir, name: 'main' }).logger();
    logger.info('auth with password=hunter2 ok', { user: 'ann', password: 'hunter2', nested: { token: 'gAAAA' } });
    logger.warn('key -----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY----- used');
    const text = readFileSync(join(dir, 'main.log'), 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('gAAAA');
    expect(text).not.toContain('abc');
    expect(text).toContain('"user":"ann"');
    expect(recentLogLines(dir, 10)).toHaveLength(2);
  });
});
