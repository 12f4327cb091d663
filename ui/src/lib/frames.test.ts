import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { oncePerFrame } from "./frames";

describe("oncePerFrame", () => {
  let frames: FrameRequestCallback[];
  beforeEach(() => {
    frames = [];
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal("cancelAnimationFrame", (id: number) => {
      frames[id - 1] = () => {};
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const nextFrame = () => frames.splice(0).forEach((cb) => cb(0));

  it("hands on the latest of a burst once, at the next frame", () => {
    const seen: number[] = [];
    const show = oncePerFrame((n: number) => seen.push(n));
    show(1);
    show(2);
    show(3);
    expect(seen).toEqual([]);
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(seen).toEqual([3]);
    show(4);
    nextFrame();
    expect(seen).toEqual([3, 4]);
  });

  it("drops a value still waiting when cancelled", () => {
    const seen: number[] = [];
    const show = oncePerFrame((n: number) => seen.push(n));
    show(1);
    show.cancel();
    nextFrame();
    expect(seen).toEqual([]);
    show(2);
    nextFrame();
    expect(seen).toEqual([2]);
  });
});
