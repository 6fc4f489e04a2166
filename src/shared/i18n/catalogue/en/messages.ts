/**
 * Sentences the app composes (src/core) that reach a person through the API or its events: failed
 * calls, session status, lab failures. The core sends the key and its parameters beside the English
 * text; the renderer (or the CLI) shows the key in the reader's language. Raw words from the cloud
 * or a server (Heat's reason, an HTTP status, a fingerprint) arrive as parameters, untranslated.
 */
export const messages = {
  // What did not happen, by the learner's action: nested into the cloud faults as {{untouched}}.
  untouched: {
    launch: 'the lab was not launched',
    resume: 'the lab stays suspended, with your work in it',
    suspend: 'the lab was not suspended and keeps running',
    delete: 'nothing was deleted: your lab is as it was',
    reset: 'nothing was deleted: your lab is as it was',
  },
  cloud: {
    credentialsRefused:
      'Cloud "{{cloud}}" refused Lab Console\'s login, so {{untouched}}. Its password or application credential may have changed: update it in Settings › Clouds (or in clouds.yaml for the command line), then try again.',
    unreachable:
      'Cloud "{{cloud}}" is not answering right now, so {{untouched}}. This is on the cloud\'s side: try again in a few minutes.',
    unusable: 'Cloud "{{cloud}}" cannot be used ({{problem}}), so {{untouched}}. Check it in Settings › Clouds and Settings › Lab limits.',
  },
} as const;
