/**
 * Wraps `apply` so that a burst of values (progress reports, one per page read) reaches it at most
 * once per animation frame, with the latest value: a page redraws its progress once per frame, not
 * once per report. `cancel` drops a value still waiting (call it when the work is over, so a late
 * report cannot bring back the progress the page has just cleared).
 */
export function oncePerFrame<T>(apply: (value: T) => void): {
  (value: T): void;
  cancel(): void;
} {
  let pending: { value: T } | null = null;
  let frame: number | null = null;
  const wrapped = (value: T) => {
    pending = { value };
    frame ??= requestAnimationFrame(() => {
      frame = null;
      const latest = pending;
      pending = null;
      if (latest) apply(latest.value);
    });
  };
  wrapped.cancel = () => {
    pending = null;
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
  };
  return wrapped;
}

/**
 * Resolves once what the page shows now has had a frame to paint: the next animation frame, then
 * the task after it (a frame's callbacks run before its paint). Where there are no frames (a
 * test DOM without them), at once.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === "undefined") return resolve();
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}
