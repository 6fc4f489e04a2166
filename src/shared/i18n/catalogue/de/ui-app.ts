import type { Translation } from '../catalogue';
import type { uiApp as source } from '../en/ui-app';

export const uiApp: Translation<typeof source> = {
  app: {
    skipToContent: 'Zum Inhalt springen',
    loading: 'Wird geladen…',
    connection: {
      noAccess:
        'Dieser Tab hat keinen Zugriff auf Lab Console: Öffne die vollständige Adresse, die <code>lab-console serve</code> ausgibt (sie enthält den Zugangsschlüssel).',
      lost: 'Die Verbindung zu Lab Console ist abgerissen. Verbinde neu… (läuft <code>lab-console serve</code> noch?)',
      noAccessCall: 'Dieser Tab hat keinen Zugriff auf Lab Console: Öffne die vollständige Adresse, die `lab-console serve` ausgibt.',
      lostCall: 'Die Verbindung zu Lab Console ist abgerissen.',
    },
    crashed: {
      title: 'Auf dieser Seite ist etwas schiefgegangen.',
      hint: 'es steht im Protokoll; Einstellungen → Diagnose kopieren gibt deinem Support die Einzelheiten.',
    },
  },
  nav: {
    main: 'Hauptnavigation',
    courses: 'Kurse',
    lab: 'Lab',
    instructor: 'Kursleitung',
    settings: 'Einstellungen',
  },
  palette: {
    title: 'Befehlspalette',
    input: 'Befehl',
    placeholder: 'Befehl eingeben',
    commands: 'Befehle',
    openCourseFirst: 'erst einen Kurs öffnen',
    noMatch: 'Kein Befehl passt zu „{{query}}“.',
    failed: '{{command}}: {{message}}',
    status: {
      needsCourse: '{{command}}: Öffne zuerst einen Kurs.',
      launching: 'Das Lab von {{courseId}} startet…',
      suspending: 'Das Lab von {{courseId}} wird angehalten…',
      resuming: 'Das Lab von {{courseId}} wird fortgesetzt…',
      noChecks: 'Dieser Schritt hat keine Fortschrittsprüfungen.',
      checking: 'Dieser Schritt wird geprüft…',
      newShell: 'Neue Shell wird geöffnet…',
      noTerminal: 'Suchen: Kein Terminal ist offen.',
      fontSize: 'Terminal-Schriftgröße {{size}}.',
      diagnosticsCopied: 'Diagnose kopiert: Füge sie in deine Nachricht an den Support ein.',
    },
  },
  deepLink: {
    title: 'Einschreibelink',
    fetching: 'Die Einschreibedatei wird geladen von',
    unusable: 'Dieser Einschreibelink ließ sich nicht verwenden:',
    dismiss: 'Schließen',
    cancel: 'Abbrechen',
    enrolIn: 'In {{courseId}} einschreiben?',
    asks: 'Ein Link möchte dies zu Lab Console hinzufügen. Nichts wird hinzugefügt, solange du nicht zustimmst.',
  },
  labScreen: {
    lab: 'Lab',
    steps: 'Kursschritte',
    resize: 'Größe von Schritten und Lab ändern',
    noLab: {
      title: 'Kein Lab läuft',
      body: 'Öffne einen Kurs und drücke Starten: Die Maschinen seines Labs erscheinen hier.',
    },
    noCourse: {
      title: 'Kein Kurs offen',
      body: 'Wähle einen Kurs aus deiner Bibliothek: Seine Schritte erscheinen hier, neben deinem Lab.',
      goToCourses: 'Zu den Kursen',
    },
  },
  settings: {
    title: 'Einstellungen',
    appearance: {
      title: 'Darstellung',
      theme: {
        legend: 'Farbschema',
        system: 'Wie das System',
        light: 'Hell',
        dark: 'Dunkel',
      },
      language: {
        legend: 'Sprache',
        system: 'Wie das System',
        en: 'English',
        de: 'Deutsch',
      },
    },
    about: {
      title: 'Über',
      version: 'Version',
      desktopApp: 'Desktop-App',
      browserMode: 'Browsermodus',
      dataFolder: 'Datenordner',
      secrets: 'Geheimnisse',
    },
    diagnostics: {
      title: 'Diagnose',
      intro: 'Versionen, Einstellungen und die letzten Protokollzeilen, Passwörter, Schlüssel und Tokens unkenntlich gemacht.',
      collecting: 'Wird gesammelt…',
      copied: 'Diagnose in die Zwischenablage kopiert.',
      copyByHand: 'Markiere den Text unten und kopiere ihn.',
      failed: 'Die Diagnose ließ sich nicht sammeln: {{message}}',
      text: 'Diagnosetext',
    },
    notifications: {
      title: 'Benachrichtigungen',
      unsupported: 'Dieser Browser kann keine Benachrichtigungen zeigen.',
      denied: 'Dieser Browser blockiert Benachrichtigungen von Lab Console: Erlaube sie in seinen Website-Einstellungen.',
      askFirst: 'Dein Browser zeigt Benachrichtigungen von Lab Console erst, wenn du sie erlaubst.',
      allow: 'Benachrichtigungen erlauben',
      tellMeWhen: 'Sag mir Bescheid, wenn',
      closeToTray: 'Lab Console im Tray behalten, wenn ich das Fenster schließe, während Labs laufen',
    },
  },
  instructor: {
    title: 'Kursleitung',
    courseId: 'Kurs-ID',
    showCohort: 'Gruppe zeigen',
    empty: {
      title: 'Noch keine Gruppe zu zeigen',
      body: 'Gib eine Kurs-ID ein, um das Lab jedes Teilnehmenden in diesem Kurs zu sehen, in den Projekten, die deine Cloud-Zugangsdaten erreichen. Welche Cloud und welche ihrer Projekte deine Gruppe bilden, legst du unter <settings>Einstellungen › Kursleitung</settings> fest.',
    },
  },
};
