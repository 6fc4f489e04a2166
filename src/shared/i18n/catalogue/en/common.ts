/** Words both the UI and the CLI show (lab states, units). */
export const common = {
  appName: 'Lab Console',
} as const;
