/** The renderer's text: cost. */
export const uiCost = {
  cost: {
    rates: {
      formLabel: 'Rates of {{cloud}}',
      button: 'Rates…',
      buttonLabel: 'Set the rates of {{cloud}}',
      intro:
        'What a lab on this cloud costs per hour, running and suspended (a suspended lab still pays for its disks). Learners and instructors see costs in this currency.',
      running: 'Running, per hour',
      suspended: 'Suspended, per hour',
      currency: 'Currency',
      flavors: 'Per flavor',
      flavorsHint:
        'Optional, one per line: flavor, running and suspended rate per hour. A lab whose servers all have a listed flavor costs their sum.',
      flavorLine: 'Line {{line}}: write the flavor, its running rate and its suspended rate, e.g. m1.large 0.50 0.01.',
      save: 'Save rates',
      saving: 'Saving…',
      saved: 'Saved the rates of {{cloud}}: costs use them from now on.',
      invalid: {
        amount: 'A number, 0 or more.',
        currency: 'An ISO 4217 currency code, e.g. EUR or USD.',
      },
    },
    listing: {
      concurrency: 'Requests at once',
      concurrencyHint:
        'How many requests to Keystone and Heat the cohort listing makes at once (1–64). Empty: 8. Lower is kinder to a busy cloud.',
      concurrencyInvalid: 'A whole number from 1 to 64.',
    },
    activity: {
      column: {
        active: 'Active (month)',
        waste: 'Billed ÷ active',
      },
      activeHint: 'Hours the learner worked on the lab this month (UTC), as their app wrote it on the lab',
      wasteHint: 'Billed running hours per active hour this month: 1× means the lab ran only while it was used',
      unknown: 'Not known yet: read over SSH from a running lab of a course in your library',
      ratio: '{{ratio, number(minimumFractionDigits: 1; maximumFractionDigits: 1)}}×',
      detail: 'Active this month: {{hours}} · billed ÷ active: {{ratio}}',
      totals: 'active {{hours}} · billed ÷ active {{ratio}}',
    },
  },
} as const;
