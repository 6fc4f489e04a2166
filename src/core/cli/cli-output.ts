import type { z } from 'zod';
import { CliText } from './cli-text';

export interface CliStreams {
  stdout(text: string): void;
  stderr(text: string): void;
}

const watched = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that leaves before the output is all written (`lab-console cohort list | head`) closes
 * the pipe: what is left has nowhere to go, so the command ends quietly and successfully, instead
 * of with node's trace of an unhandled EPIPE. Watched at the first write, not when this module
 * loads: the start-up snapshot evaluates it before there is a process to write to.
 */
function endingQuietlyWhenReaderLeaves(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  }
  return stream;
}

export const processStreams: CliStreams = {
  stdout: (text) => endingQuietlyWhenReaderLeaves(process.stdout).write(text),
  stderr: (text) => endingQuietlyWhenReaderLeaves(process.stderr).write(text),
};

/**
 * One place that decides between human and machine output. JSON output is checked against its
 * schema from src/shared, so scripts can rely on the documented shapes.
 */
export class CliOutput {
  constructor(
    readonly json: boolean,
    readonly streams: CliStreams = processStreams,
    private readonly text: CliText = new CliText('en'),
  ) {}

  result<S extends z.ZodType>(schema: S, value: z.input<S>, human: (value: z.output<S>) => string): void {
    const checked = schema.parse(value);
    if (this.json) this.streams.stdout(`${JSON.stringify(checked)}\n`);
    else {
      const text = human(checked);
      if (text) this.streams.stdout(text.endsWith('\n') ? text : `${text}\n`);
    }
  }

  /** Progress for people; silent in --json mode so stdout stays parseable. */
  info(text: string): void {
    if (!this.json) this.streams.stderr(`${text}\n`);
  }

  warn(text: string): void {
    this.streams.stderr(`${this.text.t('program.warning', { message: text })}\n`);
  }
}
