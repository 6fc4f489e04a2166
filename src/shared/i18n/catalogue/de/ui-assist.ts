import type { Translation } from '../catalogue';
import type { uiAssist as source } from '../en/ui-assist';

export const uiAssist: Translation<typeof source> = {
  assist: {
    detail: {
      open: 'Helfen (Shell mit Schreibrechten)',
      stop: 'Hilfe beenden',
      terminalLabel: 'Shell mit Schreibrechten im Lab von {{learner}}',
      loading: 'Terminal wird geladen…',
      notice: 'Du tippst als {{by}} im Lab von {{learner}}. Die Person sieht, dass du verbunden bist.',
    },
    log: {
      title: 'Hilfen',
      empty: 'In diesem Lab gab es noch keine Hilfe.',
      entry: '{{by}} von {{start}} bis {{end}}',
      entryOpen: '{{by}} seit {{start}}',
      failed: 'Die Hilfen konnten nicht gelesen werden: {{message}}',
    },
    learner: {
      connected: 'Deine Lehrkraft ist verbunden',
      who: '— {{by}}, seit {{since}}.',
      explain: 'Sie kann die Shell deines Labs sehen und darin tippen.',
    },
  },
};
