import { cli } from './en/cli';
import { common } from './en/common';
import { messages } from './en/messages';
import { ui } from './en/ui';

/**
 * English, the source catalogue. One namespace per side that shows text: `common` for words both
 * the UI and the CLI print (lab states, units), `ui` for the renderer, `cli` for the command line.
 * Keys name the place and the meaning (`lab.header.suspend`), never the English words.
 */
export const en = { common, ui, cli, messages } as const;

export type SourceCatalogue = typeof en;
export type Namespace = keyof SourceCatalogue;
export const NAMESPACES = Object.keys(en) as Namespace[];
