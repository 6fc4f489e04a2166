import type { Translation } from '../catalogue';
import type { uiCost as source } from '../en/ui-cost';

export const uiCost: Translation<typeof source> = {
  cost: {
    rates: {
      formLabel: 'Preise von {{cloud}}',
      button: 'Preise…',
      buttonLabel: 'Preise von {{cloud}} festlegen',
      intro:
        'Was ein Lab in dieser Cloud pro Stunde kostet, laufend und angehalten (ein angehaltenes Lab zahlt weiter für seine Festplatten). Teilnehmende und Lehrkräfte sehen die Kosten in dieser Währung.',
      running: 'Laufend, pro Stunde',
      suspended: 'Angehalten, pro Stunde',
      currency: 'Währung',
      flavors: 'Pro Flavor',
      flavorsHint:
        'Optional, eine pro Zeile: Flavor, Preis laufend und angehalten pro Stunde. Ein Lab, dessen Server alle einen genannten Flavor haben, kostet deren Summe.',
      flavorLine: 'Zeile {{line}}: Flavor, Preis laufend und Preis angehalten angeben, z. B. m1.large 0.50 0.01.',
      save: 'Preise speichern',
      saving: 'Wird gespeichert…',
      saved: 'Preise von {{cloud}} gespeichert: die Kosten werden ab jetzt damit berechnet.',
      invalid: {
        amount: 'Eine Zahl, 0 oder mehr.',
        currency: 'Ein Währungscode nach ISO 4217, z. B. EUR oder USD.',
      },
    },
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
