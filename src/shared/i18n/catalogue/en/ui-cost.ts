/** The renderer's text: cost. */
export const uiCost = {
  cost: {
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
