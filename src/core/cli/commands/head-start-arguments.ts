/** What a command's head start reads of its arguments: the global options and the command's own. */
export interface HeadStartArguments {
  home?: string;
  /** The last --os-cloud: commander's program takes the option wherever it is given, and the last one wins. */
  cloud?: string;
  verbose: boolean;
  /** The command's own options that were given, by long name (`--course`). */
  options: Record<string, string>;
  /** The command's own flags that were given (`--scores`). */
  flags: string[];
}

/** A command as its head start reads it. */
export interface HeadStartCommand {
  /** Its words, e.g. `['cohort', 'list']`. */
  readonly words: readonly string[];
  /** Its own options that take a value (long names), read after its words only, as commander does. */
  readonly valueOptions: readonly string[];
  /** Its own flags, after its words as well. */
  readonly flags: readonly string[];
}

/** The program's options that take a value, with the field each sets. */
const GLOBAL_VALUE_OPTIONS = new Map<string, 'home' | 'cloud'>([
  ['--home', 'home'],
  ['--os-cloud', 'cloud'],
]);
const GLOBAL_FLAGS = new Set(['--json', '-v', '--verbose']);

/**
 * The arguments of `lab-console [options] WORDS [options]` when they are only that (an option given as
 * `--name value` or `--name=value`); undefined for anything else (help, another command, an unknown
 * option or word, a value that looks like an option), which commander alone then reads.
 */
export function headStartArguments(argv: readonly string[], command: HeadStartCommand): HeadStartArguments | undefined {
  const found: HeadStartArguments = { verbose: false, options: {}, flags: [] };
  const words: string[] = [];
  const afterWords = (): boolean => words.length === command.words.length;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (GLOBAL_FLAGS.has(arg)) {
      if (arg !== '--json') found.verbose = true;
      continue;
    }
    if (afterWords() && command.flags.includes(arg)) {
      found.flags.push(arg);
      continue;
    }
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg];
    const global = GLOBAL_VALUE_OPTIONS.get(name!);
    const own = afterWords() && command.valueOptions.includes(name!);
    if (global || own) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
      if (global) found[global] = value;
      else found.options[name!] = value;
      continue;
    }
    if (arg.startsWith('-')) return undefined;
    words.push(arg);
  }
  return words.length === command.words.length && words.every((word, i) => word === command.words[i]) ? found : undefined;
}
