/** Kept by locale and options, a bounded few: building a formatter costs far more than formatting (a dashboard row formats several). */
const formats = new Map<string, Intl.NumberFormat>();

/** Intl.NumberFormat for `locale` and `options`, built once; throws as Intl does for options it refuses. */
export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    // Currency codes come from outside: a bound whatever they are.
    if (formats.size >= 64) formats.clear();
    formats.set(key, format);
  }
  return format;
}
