/**
 * Kept by locale and options, a bounded few: building a formatter costs far more than formatting (a
 * dashboard row formats several). Options Intl refuses (a rate's currency that is no ISO code) are
 * kept too, as the error, so a table of thousands of rows does not build and throw one per cell.
 */
const formats = new Map<string, Intl.NumberFormat | RangeError>();

/** Intl.NumberFormat for `locale` and `options`, built once; throws as Intl does for options it refuses. */
export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, options);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      format = error;
    }
    // Currency codes come from outside: a bound whatever they are.
    if (formats.size >= 64) formats.clear();
    formats.set(key, format);
  }
  if (format instanceof RangeError) throw format;
  return format;
}
