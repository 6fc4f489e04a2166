import type { DeepLink } from '../../shared/deep-link/deep-link';
import type { EventBus } from '../api/event-bus';

/**
 * Hands a checked link to the UI (every window or browser tab gets `app.deepLink`; the UI opens
 * the course, or fetches the enrolment file and asks before adding anything) and brings the app
 * to the front. Says what it did, for the CLI that sent it.
 */
export function routeDeepLink(link: DeepLink, deps: { events: EventBus; focus?: () => void }): string {
  deps.events.emit('app.deepLink', link);
  deps.focus?.();
  return link.action === 'open'
    ? `Lab Console opens course ${link.courseId}${link.stepId ? ` at step ${link.stepId}` : ''}.`
    : `Lab Console shows what the enrolment file at ${link.url} would add and asks before adding it.`;
}
