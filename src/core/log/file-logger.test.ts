import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../../test/support/temp-home';
import { RotatingFileLog, recentLogLines } from './file-logger';
import { SecretValues } from './secret-values';

describe('RotatingFileLog', () => {
  it('rotates past maxBytes and keeps only N old files', () => {
    const dir = testFolder('lc-log-');
    const log = new RotatingFileLog({ dir, name: 'cli', maxBytes: 500, keep: 2 });
    const logger = log.logger();
    for (let i = 0; i < 60; i++) logger.info(`line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['cli.log', 'cli.log.1', 'cli.log.2']);
    expect(readFileSync(join(dir, 'cli.log'), 'utf8')).toContain('line 59');
  });

  it('never writes secrets from fields or message text', () => {
    const dir = testFolder('lc-log-');
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

  it('never writes a known secret value, and never throws on what it is given', () => {
    const dir = testFolder('lc-log-');
    const secrets = new SecretValues();
    secrets.add('hunter2-XYZ');
    const logger = new RotatingFileLog({ dir, name: 'main', secrets }).logger();
    let deep: Record<string, unknown> = { note: 'pw is hunter2-XYZ' };
    for (let i = 0; i < 20; i++) deep = { level: deep };
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() =>
      logger.error('failed with hunter2-XYZ', { deep, error: new Error('hunter2-XYZ refused'), list: ['hunter2-XYZ'], cycle }),
    ).not.toThrow();
    const text = readFileSync(join(dir, 'main.log'), 'utf8');
    expect(text).not.toContain('hunter2-XYZ');
    expect(text).toContain('failed with [secret]');
  });
});
