/** Uptime: seconds, then minutes while under an hour (a lab started a few minutes ago is not "0.0 h"), then hours. */
export function formatUptime(seconds: number): string {
  if (seconds === 0) return '0 h';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
