import { Help, type Argument, type Command, type Option } from 'commander';
import type { CliStreams } from './cli-output';
import type { CliText } from './cli-text';

/**
 * commander writes a few words of its own: the titles of the help, "(default: …)", the help option,
 * and its parse errors. In English they stay commander's; in another language they are matched by
 * their (stable) shape and said in the catalogue's words, with the flag or command they name kept.
 */
/** The named groups of the patterns below; each pattern fills the ones it names. */
interface Groups {
  readonly flag: string;
  readonly flags: string;
  readonly name: string;
  readonly names: string;
  readonly expected: string;
  readonly got: string;
  readonly value: string;
  readonly choices: string;
}

function commanderError(text: CliText, message: string): string {
  const { t } = text;
  const rules: readonly [RegExp, (m: Groups) => string][] = [
    [/^error: unknown option '(?<flag>.+?)'/, (m) => t('commander.unknownOption', { flag: m.flag })],
    [/^error: unknown command '(?<name>.+?)'/, (m) => t('commander.unknownCommand', { name: m.name })],
    [/^error: missing required argument '(?<name>.+?)'/, (m) => t('commander.missingArgument', { name: m.name })],
    [/^error: option '(?<flags>.+?)' argument missing/, (m) => t('commander.optionArgumentMissing', { flags: m.flags })],
    [/^error: required option '(?<flags>.+?)' not specified/, (m) => t('commander.requiredOption', { flags: m.flags })],
    [
      /^error: too many arguments(?: for '(?<name>.+?)')?\. Expected (?<expected>\d+) arguments? but got (?<got>\d+)\./,
      (m) => t('commander.tooManyArguments', { count: Number(m.expected), got: m.got }),
    ],
    [
      /^error: option '(?<flags>.+?)' argument '(?<value>.*?)' is invalid\./,
      (m) => t('commander.invalidOption', { flags: m.flags, value: m.value }),
    ],
    [
      /^error: command-argument value '(?<value>.*?)' is invalid for argument '(?<name>.+?)'\./,
      (m) => t('commander.invalidArgument', { value: m.value, name: m.name }),
    ],
    [/Allowed choices are (?<choices>.+)\./, (m) => t('commander.allowedChoices', { choices: m.choices })],
    [/\(Did you mean one of (?<names>.+)\?\)/, (m) => t('commander.didYouMeanOneOf', { names: m.names })],
    [/\(Did you mean (?<name>.+)\?\)/, (m) => t('commander.didYouMean', { name: m.name })],
  ];
  let out = message;
  for (const [pattern, say] of rules) out = out.replace(pattern, (...args) => say(args.at(-1) as Groups));
  return out;
}

/** Translates the "(default: …)" and "(choices: …)" commander adds after a description. */
function extraInfo(text: CliText, description: string, full: string): string {
  const extra = full
    .slice(description.length)
    .replace(/choices: /, `${text.t('commander.choices')}: `)
    .replace(/default: /, `${text.t('commander.default')}: `);
  return `${description}${extra}`;
}

/** Help titles, the help option and commander's errors of `command` and its subcommands in the run's language. */
export function localizeCommander(command: Command, text: CliText, streams: CliStreams): void {
  const { t } = text;
  const titles: Readonly<Record<string, string>> = {
    'Usage:': t('commander.usage'),
    'Arguments:': t('commander.arguments'),
    'Options:': t('commander.options'),
    'Global Options:': t('commander.globalOptions'),
    'Commands:': t('commander.commands'),
  };
  const help = new Help();
  command.configureHelp({
    ...command.configureHelp(),
    styleTitle: (title) => titles[title] ?? title,
    optionDescription: (option: Option) => extraInfo(text, option.description, help.optionDescription(option)),
    argumentDescription: (argument: Argument) => extraInfo(text, argument.description, help.argumentDescription(argument)),
  });
  command.helpOption('-h, --help', t('commander.help'));
  if (command.commands.length > 0) command.helpCommand('help [command]', t('commander.helpCommand'));
  command.exitOverride();
  command.configureOutput({
    writeOut: streams.stdout,
    writeErr: streams.stderr,
    outputError: (message, write) => write(text.locale === 'en' ? message : commanderError(text, message)),
  });
  for (const sub of command.commands) localizeCommander(sub, text, streams);
}
