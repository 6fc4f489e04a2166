import type { TFunction } from 'i18next';
import { cli as cliDe } from '../../shared/i18n/catalogue/de/cli';
import { common as commonDe } from '../../shared/i18n/catalogue/de/common';
import { messages as messagesDe } from '../../shared/i18n/catalogue/de/messages';
import { cli } from '../../shared/i18n/catalogue/en/cli';
import { common } from '../../shared/i18n/catalogue/en/common';
import { messages } from '../../shared/i18n/catalogue/en/messages';
import type { Locale } from '../../shared/i18n/locales';
import { translateMessage } from '../../shared/i18n/message-translate';
import { createTranslatorFrom, type Catalogues, type Translator } from '../../shared/i18n/translator-setup';
import { numberFormat } from '../../shared/i18n/number-format';
import { localizedOf } from '../api/user-error';
import { formatMoney } from '../../shared/labs/lab-rates';

/**
 * What the CLI prints from: its own namespace, the words it shares with the UI and the core's
 * messages, in every language — not the UI's catalogues (~90 KB it would parse for nothing).
 */
const CLI_CATALOGUES: Catalogues = {
  en: { cli, common, messages },
  de: { cli: cliDe, common: commonDe, messages: messagesDe },
};

/** The CLI's translate function: keys of the `cli` namespace (src/shared/i18n/catalogue/en/cli.ts). */
export type CliT = TFunction<'cli'>;

/**
 * What a CLI run prints for people, in its language: the catalogue's sentences and Intl's numbers,
 * money and dates. Each formatter is built at its first use and kept (numberFormat): building one
 * costs far more than formatting, and a listing formats a few numbers per row. One per run
 * (src/core/cli/cli-main.ts); `--json` runs in English and prints raw values, so scripts read the
 * same output whatever the user's language.
 */
export class CliText {
  readonly t: CliT;
  private readonly translator: Translator;
  private dateTimeFormat: Intl.DateTimeFormat | undefined;

  constructor(readonly locale: Locale) {
    this.translator = createTranslatorFrom({ locale, namespaces: ['cli', 'common', 'messages'], resources: CLI_CATALOGUES });
    this.t = this.translator.getFixedT(locale, 'cli');
  }

  /**
   * What an error says, in this run's language when it was composed from the `messages` catalogue
   * (it carries the key and parameters); otherwise its English text as it is.
   */
  errorSentence(error: unknown): string {
    const english = error instanceof Error ? error.message : String(error);
    const ref = localizedOf(error);
    return (ref && translateMessage(this.translator, ref.key, ref.params)) ?? english;
  }

  /** A number with exactly `digits` decimals ("1.50", "1,50"). */
  fixed(value: number, digits: number): string {
    return numberFormat(this.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  }

  /** A number as the language writes it ("10.5", "10,5"). */
  number(value: number): string {
    return numberFormat(this.locale).format(value);
  }

  /** A whole number with the language's grouping. */
  integer(value: number): string {
    return numberFormat(this.locale, { maximumFractionDigits: 0 }).format(value);
  }

  /** A fraction as a whole percentage ("50%", "50 %"). */
  percent(fraction: number): string {
    return numberFormat(this.locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
  }

  /** Money to the cent, in the rate's own currency. */
  money(amount: number, currency: string): string {
    return formatMoney(amount, currency, this.locale);
  }

  /** A moment for people: the date and the time of day, with the time zone. */
  dateTime(at: number | string): string {
    this.dateTimeFormat ??= new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' });
    return this.dateTimeFormat.format(new Date(at));
  }

  /**
   * Builds the date and whole-number formatters ahead of their first use. ICU takes tens of ms of
   * CPU to create the first of each (locale, calendar and time zone data): a command calls this
   * while it waits on the network, so that the cost is not paid after the last answer, on the way
   * to the exit.
   */
  prepareFormats(): void {
    this.dateTime(0);
    this.integer(0);
  }
}
