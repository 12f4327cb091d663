import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KeptThenFresh } from "./kept-then-fresh.svelte";

describe("KeptThenFresh", () => {
  let frames: FrameRequestCallback[];
  beforeEach(() => {
    frames = [];
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal("cancelAnimationFrame", () => {});
  });
  afterEach(() => vi.unstubAllGlobals());

  const settle = () => new Promise((r) => setTimeout(r, 0));

  it("shows the kept copy, and refreshes only once it has had a frame to paint", async () => {
    const fresh = vi.fn(async () => "fresh");
    const load = new KeptThenFresh("t", async () => "kept", fresh);
    const started = load.start();
    await settle();
    expect(load.value).toBe("kept");
    expect(fresh).not.toHaveBeenCalled();
    frames.splice(0).forEach((cb) => cb(0));
    await started;
    expect(fresh).toHaveBeenCalledTimes(1);
    expect(load.value).toBe("fresh");
  });

  it("with nothing kept, reads at once", async () => {
    const fresh = vi.fn(async () => "fresh");
    const load = new KeptThenFresh("t", async () => null, fresh);
    await load.start();
    expect(frames).toHaveLength(0);
    expect(fresh).toHaveBeenCalledTimes(1);
    expect(load.value).toBe("fresh");
  });
});
