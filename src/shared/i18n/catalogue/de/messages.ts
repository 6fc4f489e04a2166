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
  ssh: {
    refused:
      'Das Lab unter {{host}}:{{port}} hat die SSH-Verbindung abgelehnt. Die Maschine startet vielleicht noch oder ihr SSH-Server läuft nicht: Warte eine Minute und verbinde dich erneut; wenn es so bleibt, sag deiner Lehrkraft Bescheid.',
    timeout:
      'Keine SSH-Antwort von {{host}}:{{port}} innerhalb von {{seconds}} s. Das Lab ist vielleicht angehalten oder aus diesem Netz nicht erreichbar (Firewall oder VPN): Prüfe den Zustand des Labs und deine Verbindung, dann verbinde dich erneut.',
    authFailed:
      'Das Lab unter {{host}}:{{port}} hat die Anmeldung von Benutzer „{{user}}“ per {{methods}} abgelehnt. Schlüssel oder Passwort des Labs (seine Stack-Ausgaben) passen vielleicht nicht zu diesem Rechner: Sag deiner Lehrkraft Bescheid oder prüfe im Kurs die Zuordnung der Ausgaben für Benutzernamen und Schlüssel.',
    authFailedAnyMethod:
      'Das Lab unter {{host}}:{{port}} hat jede Anmeldung von Benutzer „{{user}}“ abgelehnt. Schlüssel oder Passwort des Labs (seine Stack-Ausgaben) passen vielleicht nicht zu diesem Rechner: Sag deiner Lehrkraft Bescheid oder prüfe im Kurs die Zuordnung der Ausgaben für Benutzernamen und Schlüssel.',
    methodsAnd: '{{list}} und {{method}}',
    hostKeyChanged:
      'WARNUNG: Der Host-Schlüssel von {{host}}:{{port}} hat sich geändert, seit er für dieses Lab zum ersten Mal gesehen wurde (Stack {{stackId}}). Erwartet {{expected}}, erhalten {{received}}. Jemand könnte die Verbindung abfangen, deshalb wurde sie blockiert: Sag deiner Lehrkraft Bescheid und gib bis dahin kein Passwort in dieses Lab ein. Wurde die Maschine absichtlich neu gebaut, merkt sich ein neues Lab ihren neuen Schlüssel (Zurücksetzen in der App; auf der Kommandozeile `lab-console lab delete`, dann `lab launch`); dabei werden die Dateien im alten Lab gelöscht.',
    hostKeyMismatch:
      'WARNUNG: Der Host-Schlüssel von {{host}}:{{port}} passt nicht zum Fingerabdruck, den das Lab veröffentlicht hat. Erwartet {{expected}}, erhalten {{received}}. Die Verbindung wurde blockiert, weil jemand sie abfangen könnte: Sag deiner Lehrkraft oder der Kursautorin bzw. dem Kursautor Bescheid und gib bis dahin kein Passwort in dieses Lab ein.',
    disconnected:
      'Die SSH-Verbindung zu {{host}}:{{port}} ist abgebrochen ({{detail}}). Das Lab wurde vielleicht angehalten oder das Netz ist weg: Verbinde dich erneut oder setze das Lab zuerst fort.',
  },
  rdp: {
    refused:
      'Auf {{host}}:{{port}} nimmt nichts RDP-Verbindungen an (Verbindung abgelehnt): Der Desktop-Dienst des Labs läuft noch nicht, oder der Port ist falsch.',
    unreachable: 'Der RDP-Server auf {{host}}:{{port}} ist nicht erreichbar: {{detail}}.',
    tlsFailed: 'Der RDP-Server auf {{host}}:{{port}} hat keine TLS-Verbindung zustande gebracht: {{detail}}.',
    certificateChanged:
      'Der RDP-Server auf {{host}}:{{port}} zeigt ein anderes Zertifikat als beim ersten Mal (erwartet SHA-256 {{expected}}, erhalten {{received}}). Das Passwort wurde nicht gesendet. Wurde das Lab neu aufgebaut, ist das zu erwarten — vergiss das alte Zertifikat für dieses Lab; sonst könnte jemand die Verbindung abfangen.',
    certificateNotTrusted:
      'Das Zertifikat von {{host}}:{{port}} (SHA-256 {{received}}) wurde nicht angenommen: {{detail}}. Das Passwort wurde nicht gesendet.',
    loginWindow:
      'xrdp auf {{host}}:{{port}} hat „{{user}}“ nicht angemeldet: Es zeigte sein eigenes Verbindungsprotokoll-Fenster statt eines Desktops. Wahrscheinlich ist das Passwort falsch (xrdp meldet eine fehlgeschlagene Anmeldung nur auf dem Bildschirm, nie im Protokoll), oder die Sitzung konnte nicht starten.',
    loginTimeout:
      'Kein Desktop von {{host}}:{{port}} innerhalb von {{seconds}} s nach dem Senden der Anmeldung für „{{user}}“. Das Passwort ist vielleicht falsch (xrdp meldet eine fehlgeschlagene Anmeldung nur auf dem Bildschirm, nie im Protokoll), oder die Sitzung startet langsam.',
    protocolFailed: 'Die RDP-Verbindung zu {{host}}:{{port}} ist fehlgeschlagen: {{detail}}.',
  },
  vnc: {
    refused:
      'Auf {{host}}:{{port}} nimmt nichts VNC-Verbindungen an (Verbindung abgelehnt): Der Desktop des Labs läuft noch nicht, oder der Port ist falsch.',
    unreachable: 'Der VNC-Server auf {{host}}:{{port}} ist nicht erreichbar: {{detail}}.',
    noAnswer: 'Der VNC-Server auf {{host}}:{{port}} ist nicht erreichbar: keine Antwort in der erwarteten Zeit.',
    closedBeforeReady: 'Die VNC-Verbindung wurde geschlossen, bevor sie bereit war.',
    serverClosed: 'Der VNC-Server hat die Verbindung geschlossen.',
    connectionFailed: 'Die Verbindung zum VNC-Server ist fehlgeschlagen: {{detail}}.',
    tlsFailed: 'Der VNC-Server auf {{host}}:{{port}} hat keine TLS-Verbindung zustande gebracht: {{detail}}.',
    certificateChanged:
      'Der VNC-Server auf {{host}}:{{port}} zeigt ein anderes Zertifikat als beim ersten Mal (erwartet SHA-256 {{expected}}, erhalten {{received}}). Das Passwort wurde nicht gesendet. Wurde das Lab neu aufgebaut, ist das zu erwarten — setze das Lab zurück; sonst könnte jemand die Verbindung abfangen.',
    certificateNotTrusted:
      'Das Zertifikat von {{host}}:{{port}} (SHA-256 {{received}}) wurde nicht angenommen: {{detail}}. Das Passwort wurde nicht gesendet.',
    noPassword:
      'Der VNC-Server auf {{host}}:{{port}} verlangt ein Passwort, aber das Lab gibt keines an: Seine Vorlage muss eines als Passwort-Ausgabe der Verbindung veröffentlichen.',
    passwordRefused:
      'Der VNC-Server auf {{host}}:{{port}} hat das Passwort abgelehnt. Das VNC-Passwort des Labs hat sich vielleicht geändert: Setze das Lab zurück oder sag deiner Lehrkraft Bescheid.',
    passwordRefusedBecause:
      'Der VNC-Server auf {{host}}:{{port}} hat das Passwort abgelehnt ({{reason}}). Das VNC-Passwort des Labs hat sich vielleicht geändert: Setze das Lab zurück oder sag deiner Lehrkraft Bescheid.',
  },
  web: {
    certificateChanged:
      'Die Web-Konsole „{{service}}“ zeigt ein anderes HTTPS-Zertifikat als beim ersten Mal (erwartet SHA-256 {{expected}}, erhalten {{received}}). Es wurde nichts an sie gesendet. Wurde der Dienst neu eingerichtet, ist das zu erwarten — setze das Lab zurück; sonst könnte jemand die Verbindung abfangen.',
    otherConnection: 'Die Webseite „{{service}}“ wird über die Verbindung „{{connection}}“ erreicht, nicht über „{{requested}}“.',
  },
  course: {
    notFound: 'Kein Kurs „{{courseId}}“ in der Bibliothek.',
    noStep: 'Der Kurs „{{courseId}}“ hat keinen Schritt „{{stepId}}“.',
  },
  session: {
    labSuspended: 'Das Lab ist angehalten. Setze es fort, um dort weiterzumachen, wo du aufgehört hast.',
    retrying: '{{reason}} Neuer Versuch in {{seconds}} s (Versuch {{attempt}}).',
    shellEnded: 'Die Shell auf {{connection}} wurde beendet (Exit-Status {{exitCode}}).',
    resizing: 'Verbindet neu mit der neuen Größe.',
  },
  lab: {
    extend: {
      notRunning: 'Das Lab läuft nicht: Es gibt keine Sitzung zum Verlängern.',
      noMaximum: 'Dieser Kurs setzt keine maximale Sitzungsdauer: Es gibt nichts zu verlängern.',
      noSession: 'Das Lab hat noch keine Sitzung begonnen.',
      noLab: 'Dieser Kurs hat kein Lab: Es gibt keine Sitzung zum Verlängern.',
      notAllowed: 'Dieser Kurs erlaubt nicht, eine Sitzung zu verlängern.',
      usedUp_one: 'Diese Sitzung wurde schon einmal verlängert, so oft der Kurs es erlaubt.',
      usedUp_other: 'Diese Sitzung wurde schon {{count}}-mal verlängert, so oft der Kurs es erlaubt.',
    },
    notRunning: {
      sentence: 'Das Lab des Kurses „{{courseId}}“ läuft nicht: {{why}}. Starte es oder setze es zuerst fort.',
      notLaunched: 'es wurde noch nicht gestartet',
      gone: 'es ist weg, die Cloud hat es nicht mehr (es wurde außerhalb von Lab Console gelöscht, zum Beispiel von deiner Lehrkraft)',
      deleted: 'es wurde gelöscht',
      state: 'sein Zustand ist {{state}}',
    },
    reset: {
      confirm: 'Um das Lab zurückzusetzen, tippe genau die Kurs-ID „{{courseId}}“ ein.',
    },
    failure: {
      withDetail: '{{sentence}} {{detail}}',
      heatReason: 'Grund laut Heat: {{reason}}',
      createFailed: 'Das Lab konnte auf der Cloud „{{cloud}}“ nicht erstellt werden.',
      resumeFailed: 'Das Lab konnte nicht fortgesetzt werden; es wurde wieder angehalten, deine Arbeit bleibt erhalten.',
      launchTimeout:
        'Das Lab des Kurses „{{courseId}}“ war nicht innerhalb seines launch_timeout von {{minutes}} min bereit (beim {{phase}}). Versuche es später noch einmal oder bitte die Kursautorin oder den Kursautor, lab.timeouts.launch_timeout zu erhöhen.',
      noCapacity:
        'Keine Cloud hat Platz für ein weiteres Lab (versucht: {{clouds}}; erhöhe die Kapazität in Einstellungen › Lab-Grenzen oder lab_console.capacity in clouds.yaml).',
      noCloud:
        'Für Labs ist keine Cloud eingerichtet. Füge eine in Einstellungen › Clouds oder in clouds.yaml hinzu, oder gib --os-cloud an.',
      usageLimit:
        'Du hast {{used, number(minimumFractionDigits: 1; maximumFractionDigits: 1)}} deiner {{limit, number(maximumFractionDigits: 6)}} Lab-Stunden verbraucht; Labs starten und fortsetzen ist gesperrt. Bitte deine Lehrkraft, die Grenze zu erhöhen.',
    },
    phase: {
      lookingUp: 'Suchen des Stacks',
      creating: 'Erstellen des Stacks',
      waitingOut: 'Warten, bis {{action}} fertig ist',
      resuming: 'Fortsetzen des Stacks',
      removingFailed: 'Entfernen eines fehlgeschlagenen Stacks',
      awaitingAnswer: 'Warten auf die Antwort des Labs',
    },
  },
};
