import type { Translation } from '../catalogue';
import type { uiCost as source } from '../en/ui-cost';

export const uiCost: Translation<typeof source> = {
  cost: {
    listing: {
      concurrency: 'Anfragen gleichzeitig',
      concurrencyHint:
        'Wie viele Anfragen an Keystone und Heat die Auflistung der Gruppe gleichzeitig stellt (1–64). Leer: 8. Weniger schont eine ausgelastete Cloud.',
      concurrencyInvalid: 'Eine ganze Zahl von 1 bis 64.',
    },
    activity: {
      column: {
        active: 'Aktiv (Monat)',
        waste: 'Abgerechnet ÷ aktiv',
      },
      activeHint:
        'Stunden, in denen die oder der Teilnehmende diesen Monat (UTC) am Lab gearbeitet hat, wie die App es auf dem Lab notiert',
      wasteHint: 'Abgerechnete Laufstunden pro aktiver Stunde diesen Monat: 1× heißt, das Lab lief nur, solange es genutzt wurde',
      unknown: 'Noch nicht bekannt: wird per SSH von einem laufenden Lab eines Kurses in deiner Bibliothek gelesen',
      ratio: '{{ratio, number(minimumFractionDigits: 1; maximumFractionDigits: 1)}}×',
      detail: 'Diesen Monat aktiv: {{hours}} · abgerechnet ÷ aktiv: {{ratio}}',
      totals: 'aktiv {{hours}} · abgerechnet ÷ aktiv {{ratio}}',
    },
  },
};
