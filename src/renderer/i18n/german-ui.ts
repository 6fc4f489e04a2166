import { common } from '../../shared/i18n/catalogue/de/common';
import { messages } from '../../shared/i18n/catalogue/de/messages';
import { ui } from '../../shared/i18n/catalogue/de/ui';

/** German, as the UI shows it (see ui-catalogues.ts). */
export const GERMAN_UI = { common, ui, messages };
