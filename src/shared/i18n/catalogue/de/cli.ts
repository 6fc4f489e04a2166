import type { Translation } from '../catalogue';
import type { cli as source } from '../en/cli';

export const cli: Translation<typeof source> = {};
