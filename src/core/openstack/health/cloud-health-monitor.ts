import type { CloudHealth, CloudProblem, CloudProblemKind } from '../../../shared/openstack/cloud-health';
import { CLOUD_PROBLEM_ORDER } from '../../../shared/openstack/cloud-problem-words';
import { systemClock, type Clock } from '../../time/clock';
import { OpenStackError } from '../errors';
import { parseRetryAfter } from '../transport/backoff';
import type { HttpRequest, HttpResponse, RequestObserver } from '../transport/http-transport';

export interface CloudHealthMonitorOptions {
  readonly cloud: string;
  readonly clock?: Clock;
  /** A request still waiting after this long makes the cloud "slow" (default 10 s). */
  readonly slowAfterMs?: number;
}

/** Keys problems by the service they came from: a Keystone outage and a failing Heat are told apart. */
type ServiceKey = string;

const SERVICE_NAMES: Record<string, string> = { identity: 'Keystone', orchestration: 'Heat' };

function nameOf(service: string | undefined): string {
  return service ? (SERVICE_NAMES[service] ?? service) : 'The cloud';
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/**
 * A cloud's health as learned from every request this process sends it: the transport tells it of
 * each attempt (answered, failed, still waiting), and it keeps the worst current problem with when
 * its streak began. An answer from the same service ends unreachable and failing streaks (one from
 * Heat ends any unreachable one: the labs can be reached); only a sign-in that works ends a refused
 * one; a quick answer ends a slow one.
 */
export class CloudHealthMonitor implements RequestObserver {
  readonly cloud: string;
  private readonly clock: Clock;
  private readonly slowAfterMs: number;
  private readonly problems = new Map<ServiceKey, Map<CloudProblemKind, CloudProblem>>();
  private lastAnswerAt: number | null = null;
  private readonly listeners = new Set<(health: CloudHealth) => void>();
  private reported: string = this.signature(null);

  constructor(options: CloudHealthMonitorOptions) {
    this.cloud = options.cloud;
    this.clock = options.clock ?? systemClock;
    this.slowAfterMs = options.slowAfterMs ?? 10_000;
  }

  snapshot(): CloudHealth {
    return { cloud: this.cloud, problem: this.current(), lastAnswerAt: this.lastAnswerAt };
  }

  /** Called when the problem changes (not on every answer). Returns the unsubscribe function. */
  onChange(listener: (health: CloudHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  begin(req: Pick<HttpRequest, 'method' | 'url' | 'service'>): { answered(res: HttpResponse): void; failed(error: unknown): void } {
    const service = req.service ?? '';
    const sentAt = this.clock.now();
    const watch = new AbortController();
    this.clock.sleep(this.slowAfterMs, watch.signal).then(
      () =>
        this.raise(
          service,
          'slow',
          `${nameOf(req.service)} has not answered ${req.method} ${pathOf(req.url)} for ${this.seconds(this.slowAfterMs)}.`,
          sentAt,
        ),
      () => undefined,
    );
    return {
      answered: (res) => {
        watch.abort();
        this.answered(service, res, sentAt);
      },
      failed: (error) => {
        watch.abort();
        this.failed(service, error, sentAt);
      },
    };
  }

  private answered(service: ServiceKey, res: HttpResponse, sentAt: number): void {
    const now = this.clock.now();
    const who = nameOf(service || undefined);
    if (res.status >= 500) {
      const wait = parseRetryAfter(res.headers['retry-after'], now);
      const said = res.text.replace(/\s+/g, ' ').trim().slice(0, 300);
      this.raise(
        service,
        'heat-failing',
        `${who} answered HTTP ${res.status}${said ? `: ${said}` : ''}`,
        now,
        wait === undefined ? null : now + wait,
      );
      return;
    }
    // Keystone refusing a sign-in is the learner's credentials; Heat refusing an action (403) is
    // the project's rights. A 401 from Heat only means the token expired: the session signs in again.
    const refused =
      (service === 'identity' && (res.status === 401 || res.status === 403)) || (service === 'orchestration' && res.status === 403);
    if (refused) {
      this.raise(service, 'credentials', `${who} answered HTTP ${res.status}: ${res.text.replace(/\s+/g, ' ').trim().slice(0, 300)}`, now);
      return;
    }
    if (service === 'orchestration' && res.status === 401) return;
    this.lastAnswerAt = now;
    const took = now - sentAt;
    this.clear(service, ['unreachable', 'heat-failing']);
    // Heat answering with the token in hand: the labs can be reached, whatever Keystone does meanwhile.
    if (service === 'orchestration') this.clearEverywhere(['unreachable']);
    if (service === 'identity' && res.status < 300) this.clearEverywhere(['credentials']);
    if (took >= this.slowAfterMs) this.raise(service, 'slow', `${who} answered after ${this.seconds(took)}.`, sentAt);
    else this.clearEverywhere(['slow']);
    this.report();
  }

  private failed(service: ServiceKey, error: unknown, sentAt: number): void {
    // An abort is the app's own choice (cancel, quit); other errors are not the cloud's.
    if (!(error instanceof OpenStackError)) {
      this.clear(service, ['slow']);
      this.report();
      return;
    }
    const kind = error.cloudProblem;
    if (kind) this.raise(service, kind, error.message, kind === 'slow' ? sentAt : this.clock.now());
  }

  private raise(service: ServiceKey, kind: CloudProblemKind, detail: string, at: number, retryAt: number | null = null): void {
    let byKind = this.problems.get(service);
    if (!byKind) this.problems.set(service, (byKind = new Map()));
    const before = byKind.get(kind);
    byKind.set(kind, { kind, since: before?.since ?? at, detail, service: service || null, retryAt });
    this.report();
  }

  private clear(service: ServiceKey, kinds: readonly CloudProblemKind[]): void {
    const byKind = this.problems.get(service);
    for (const kind of kinds) byKind?.delete(kind);
  }

  private clearEverywhere(kinds: readonly CloudProblemKind[]): void {
    for (const service of this.problems.keys()) this.clear(service, kinds);
  }

  /** The problem that matters most now; among equals, the oldest. */
  private current(): CloudProblem | null {
    const all = [...this.problems.values()].flatMap((m) => [...m.values()]);
    all.sort((a, b) => CLOUD_PROBLEM_ORDER.indexOf(a.kind) - CLOUD_PROBLEM_ORDER.indexOf(b.kind) || a.since - b.since);
    return all[0] ?? null;
  }

  private signature(problem: CloudProblem | null): string {
    return problem ? `${problem.kind}:${problem.since}:${problem.service}:${problem.retryAt}` : 'none';
  }

  private report(): void {
    const health = this.snapshot();
    const signature = this.signature(health.problem);
    if (signature === this.reported) return;
    this.reported = signature;
    for (const listener of this.listeners) {
      try {
        listener(health);
      } catch {
        // A listener's failure (the UI bridge) must never break a request.
      }
    }
  }

  private seconds(ms: number): string {
    return `${Math.round(ms / 1000)} s`;
  }
}
