import { errorMessage } from "./backend";
import { afterPaint, oncePerFrame } from "./frames";

/**
 * A page's data shown at once from what the Rust side kept, then read afresh in the background
 * with progress (the Applications page and the Overview). What it promises: the kept copy is shown
 * only while nothing fresher is there; a failed refresh keeps what is shown and says why; a page
 * that went away is never written to; progress reaches the page at most once per frame. The
 * performance marks `<name>:cache-shown`, `<name>:network-received` and the paint's source are
 * what the launch benchmarks read.
 */
export class KeptThenFresh<T, P> {
  value = $state<T | null>(null);
  /** Whether `value` is the kept copy and no refresh has landed yet. */
  fromKept = $state(false);
  refreshing = $state(false);
  progress = $state<P | null>(null);
  refreshError = $state<string | null>(null);
  /** Where `value` came from, until a paint takes it (see `paintedFrom`). */
  private source: "cache" | "network" | null = null;
  private alive = true;
  private readonly showProgress = oncePerFrame((p: P) => {
    if (this.alive) this.progress = p;
  });

  constructor(
    private readonly name: string,
    /** The kept copy; null when there is none worth showing. */
    private readonly kept: () => Promise<T | null>,
    private readonly fresh: (onProgress: (p: P) => void) => Promise<T>,
  ) {}

  /** Shows the kept copy, then, once it has been painted, refreshes. */
  async start(): Promise<void> {
    this.alive = true;
    performance.mark(`${this.name}:cache-start`);
    try {
      const kept = await this.kept();
      if (kept !== null && this.alive && this.value === null) {
        this.source = "cache";
        this.value = kept;
        this.fromKept = true;
        performance.mark(`${this.name}:cache-shown`);
        // The refresh waits for the kept copy to be painted: started at once, its replies and
        // the work on them competed with the first paint of a large organisation's page.
        await afterPaint();
      }
    } catch {
      // Nothing kept that can be shown: the refresh reads it anyway.
    }
    await this.refresh();
  }

  /** The page went away: nothing more is written to it. */
  stop(): void {
    this.alive = false;
  }

  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    this.refreshError = null;
    this.progress = null;
    performance.mark(`${this.name}:network-start`);
    try {
      const fresh = await this.fresh(this.showProgress);
      if (!this.alive) return;
      performance.mark(`${this.name}:network-received`);
      this.source = "network";
      this.value = fresh;
      this.fromKept = false;
    } catch (err) {
      if (this.alive) this.refreshError = errorMessage(err);
    } finally {
      this.showProgress.cancel();
      this.refreshing = false;
      this.progress = null;
    }
  }

  /** Where the value just painted came from, once per value (null when already reported). */
  paintedFrom(): "cache" | "network" | null {
    const source = this.source;
    this.source = null;
    return source;
  }
}
