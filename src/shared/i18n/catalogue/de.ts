import type { Translation } from './catalogue';
import { cli } from './de/cli';
import { common } from './de/common';
import { messages } from './de/messages';
import { ui } from './de/ui';
import type { SourceCatalogue } from './en';

/** German. */
export const de: Translation<SourceCatalogue> = { common, ui, cli, messages };
