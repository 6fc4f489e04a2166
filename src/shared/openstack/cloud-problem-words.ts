import type { CloudProblem, CloudProblemKind } from './cloud-health';

/** "10:42" in the reader's local time: a sentence says when, the details keep the full timestamp. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export interface CloudProblemWords {
  /** Short: the lab header's badge when the cloud's answer is in doubt. */
  readonly badge: string;
  /** One sentence of what happened and since when. */
  readonly headline: string;
  /** What happened, as the reason something did not finish ("the cloud did not answer"). */
  readonly cause: string;
  /** What is safe to do; never advice that would destroy work. */
  readonly advice: string;
  /** Where to fix it, when the learner can. */
  readonly fixIn?: 'settings-clouds';
}

const SERVICE_NAMES: Record<string, string> = { identity: 'Keystone', orchestration: 'Heat' };

/** The learner's words for a cloud problem; the technical detail stays in `problem.detail`. */
export function cloudProblemWords(problem: Pick<CloudProblem, 'kind' | 'since' | 'retryAt'>, now: number): CloudProblemWords {
  const since = clockTime(problem.since);
  switch (problem.kind) {
    case 'unreachable':
      return {
        badge: 'Not answering',
        headline: `The cloud has not answered since ${since}`,
        cause: 'the cloud did not answer',
        advice:
          'Your lab and your work are kept as they are; nothing is deleted. Check your network connection; if it works, the cloud may be down for a while: keep reading the course and try again later.',
      };
    case 'credentials':
      return {
        badge: 'Sign-in refused',
        headline: `The cloud refused your sign-in (since ${since})`,
        cause: 'the cloud refused your sign-in',
        advice:
          'Your password or application credential may have changed or expired. Update it in Settings › Clouds; your lab is not touched meanwhile.',
        fixIn: 'settings-clouds',
      };
    case 'heat-failing': {
      const wait = problem.retryAt !== null && problem.retryAt > now ? ` It asked to wait until ${clockTime(problem.retryAt)}.` : '';
      return {
        badge: 'Cloud trouble',
        headline: `The cloud is having trouble running labs (since ${since})`,
        cause: 'the cloud had trouble running labs',
        advice: `This is on the cloud's side, not yours.${wait} Your lab and your work are kept as they are; try again in a few minutes.`,
      };
    }
    case 'slow':
      return {
        badge: 'Cloud slow',
        headline: `The cloud is answering slowly (waiting since ${since})`,
        cause: 'the cloud answered too slowly',
        advice: 'Nothing is lost: give it a moment. Lab Console waits for the answer rather than sending the request twice.',
      };
  }
}

/** The service a problem came from, as people name it ("Heat"). */
export function serviceName(service: string | null): string {
  return service ? (SERVICE_NAMES[service] ?? service) : 'the cloud';
}

/** Problems the learner can do nothing about but wait, in the order they matter. */
export const CLOUD_PROBLEM_ORDER: readonly CloudProblemKind[] = ['credentials', 'unreachable', 'heat-failing', 'slow'];
