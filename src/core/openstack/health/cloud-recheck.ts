import type { CloudHealth } from '../../../shared/openstack/cloud-health';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';
import type { CloudHealthMonitor } from './cloud-health-monitor';

export interface CloudRecheckOptions {
  readonly monitor: CloudHealthMonitor;
  /** One cheap request through the cloud's own connection (a token, then Heat's build info). */
  readonly probe: () => Promise<unknown>;
  readonly clock: Clock;
  readonly everyMs: number;
  readonly logger?: Logger;
}

/**
 * While a cloud has not answered (or failed, or was slow), asks it again now and then, so that the
 * app says "Running" again once it is back, without waiting for the learner to click. A refused
 * sign-in is never retried on its own: clouds lock accounts after repeated failed logins.
 */
export class CloudRecheck {
  private timer: AbortController | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: CloudRecheckOptions) {
    this.unsubscribe = options.monitor.onChange((health) => this.follow(health));
    this.follow(options.monitor.snapshot());
  }

  stop(): void {
    this.unsubscribe();
    this.timer?.abort();
    this.timer = undefined;
  }

  private follow(health: CloudHealth): void {
    const wanted = health.problem !== null && health.problem.kind !== 'credentials';
    if (wanted && !this.timer) void this.loop((this.timer = new AbortController()).signal);
    if (!wanted && this.timer) {
      this.timer.abort();
      this.timer = undefined;
    }
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.options.clock.sleep(this.options.everyMs, signal);
      } catch {
        return;
      }
      // The probe's answer (or failure) reaches the monitor through the transport like any request.
      await this.options
        .probe()
        .catch((error: unknown) =>
          this.options.logger?.debug('cloud still unwell', { cloud: this.options.monitor.cloud, error: String(error) }),
        );
    }
  }
}
