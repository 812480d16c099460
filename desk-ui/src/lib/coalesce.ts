/**
 * Wraps an async task so that bursts of calls run it at most once per `intervalMs`: the first call
 * runs at once, later calls inside the interval or while it runs collapse into one trailing run.
 * A bulk sync sends one health notice per item, and each would otherwise refetch health.
 * Calls made before a scheduled run starts are covered by that run.
 */
export function coalesce(task: () => Promise<void>, intervalMs: number): () => void {
  let running = false;
  let pending = false;
  let lastStart = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function start() {
    timer = null;
    running = true;
    pending = false;
    lastStart = Date.now();
    try {
      await task();
    } catch (error) {
      // Callers handle their own errors; this only keeps one failure from stopping later runs.
      console.error("coalesced task failed", error);
    } finally {
      running = false;
      if (pending) schedule();
    }
  }

  function schedule() {
    if (running) {
      pending = true;
      return;
    }
    if (timer) return;
    const wait = Math.max(0, lastStart + intervalMs - Date.now());
    timer = setTimeout(() => void start(), wait);
  }

  return schedule;
}
