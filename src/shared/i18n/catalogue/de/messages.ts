import type { Translation } from '../catalogue';
import type { messages as source } from '../en/messages';

export const messages: Translation<typeof source> = {
  untouched: {
    launch: 'das Lab wurde nicht gestartet',
    resume: 'das Lab bleibt angehalten, mit deiner Arbeit darin',
    suspend: 'das Lab wurde nicht angehalten und läuft weiter',
    delete: 'nichts wurde gelöscht: dein Lab ist wie vorher',
    reset: 'nichts wurde gelöscht: dein Lab ist wie vorher',
  },
  cloud: {
    credentialsRefused:
      'Die Cloud „{{cloud}}“ hat die Anmeldung von Lab Console abgelehnt, daher {{untouched}}. Ihr Passwort oder Application Credential hat sich vielleicht geändert: Aktualisiere es unter Einstellungen › Clouds (oder für die Kommandozeile in clouds.yaml) und versuche es dann erneut.',
    unreachable:
      'Die Cloud „{{cloud}}“ antwortet gerade nicht, daher {{untouched}}. Das liegt an der Cloud: Versuche es in ein paar Minuten erneut.',
    unusable:
      'Die Cloud „{{cloud}}“ ist nicht nutzbar ({{problem}}), daher {{untouched}}. Prüfe sie unter Einstellungen › Clouds und Einstellungen › Lab-Grenzen.',
  },
};
