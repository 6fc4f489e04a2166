/**
 * A translation has exactly the keys of the English catalogue, each a string: the compiler names a
 * key missing from (or left over in) another language.
 */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
