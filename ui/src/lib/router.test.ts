import { describePage, restorePage } from "./router.svelte";

describe("the page kept for the next start", () => {
  it("comes back as it was, without one-off requests", () => {
    for (const page of [
      { name: "overview" },
      { name: "application", id: "5f00" },
      { name: "groups", id: "g1" },
      { name: "applications", functionality: "jit" },
      { name: "certificates" },
    ] as const) {
      expect(restorePage(describePage(page))).toEqual(page);
    }
    expect(restorePage(describePage({ name: "readiness", run: true }))).toEqual({
      name: "readiness",
    });
  });

  it("is no page when it is not one this app has", () => {
    for (const text of [null, "", "{", "[]", '{"name":"history"}', '{"name":"application"}']) {
      expect(restorePage(text)).toBeNull();
    }
  });
});
