import type { ResolvedSandboxOptions } from "./options.js";
import { SeededRandom } from "./random.js";

export type FaultKind = "error" | "timeout" | "reset" | "burst429";

export interface FaultDecision {
  kind: FaultKind;
  /** HTTP status for "error" (500, 503 or 504) and "burst429" (429). */
  status?: number;
}

const SERVER_ERROR_STATUSES = [500, 503, 504] as const;

/**
 * Decides, request by request, which injected fault hits. With the same seed, options and request
 * order, it returns the same decisions.
 */
export class FaultInjector {
  private random: SeededRandom;
  private requestCount = 0;

  constructor(private options: ResolvedSandboxOptions) {
    this.random = new SeededRandom(options.seed);
  }

  configure(options: ResolvedSandboxOptions): void {
    if (options.seed !== this.options.seed) this.random = new SeededRandom(options.seed);
    this.options = options;
  }

  reset(): void {
    this.random = new SeededRandom(this.options.seed);
    this.requestCount = 0;
  }

  /** Decide the fault for the next API request, or return undefined for a normal response. */
  next(): FaultDecision | undefined {
    const index = this.requestCount;
    this.requestCount += 1;
    if (this.inBurst(index)) return { kind: "burst429", status: 429 };

    const { resetRate, timeoutRate, errorRate } = this.options.faults;
    // One draw per request keeps the sequence stable when a rate changes from 0 to some value.
    const draw = this.random.next();
    if (draw < resetRate) return { kind: "reset" };
    if (draw < resetRate + timeoutRate) return { kind: "timeout" };
    if (draw < resetRate + timeoutRate + errorRate) {
      return { kind: "error", status: this.random.pick(SERVER_ERROR_STATUSES) };
    }
    return undefined;
  }

  private inBurst(index: number): boolean {
    const burst = this.options.faults.burst429;
    if (!burst || burst.count <= 0 || index < burst.afterRequests) return false;
    const sinceStart = index - burst.afterRequests;
    const period = burst.everyRequests;
    const position = period && period > 0 ? sinceStart % period : sinceStart;
    return position < burst.count;
  }
}
