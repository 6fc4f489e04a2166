import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../cli-errors';
import { LabReachError, ownFailures, remoteCommandLine } from './lab-ssh';

describe('lab exec command line', () => {
  it('passes one argument to the remote shell as it is, as ssh does', () => {
    expect(remoteCommandLine(['ls -l | wc -l'])).toBe('ls -l | wc -l');
  });

  it('quotes each of several arguments, so sh -c gets its script whole', () => {
    expect(remoteCommandLine(['sh', '-c', 'exit 3'])).toBe("sh -c 'exit 3'");
    expect(remoteCommandLine(['echo', "it's", '$HOME', 'a/b.txt'])).toBe(`echo 'it'\\''s' '$HOME' a/b.txt`);
  });
});

describe('lab-console own failures', () => {
  it('become one-line errors with exit 255; bad usage keeps exit 2', async () => {
    const error = await ownFailures(async () => {
      throw new Error('The lab at 10.0.0.5:22 refused\n  the connection.');
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabReachError);
    expect(error).toMatchObject({ exitCode: 255, message: 'The lab at 10.0.0.5:22 refused the connection.' });
    const usage = await ownFailures(async () => {
      throw new CliUsageError('no such step');
    }).catch((e: unknown) => e);
    expect(usage).toMatchObject({ exitCode: 2 });
  });
});
