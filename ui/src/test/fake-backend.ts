// A fake Backend for component tests: each method answers from the object given, and any method a
// test did not provide fails loudly, so a test never passes by calling something it did not expect.
import type { Backend } from "../lib/backend";

export function fakeBackend(methods: Partial<Backend>): Backend {
  return new Proxy(methods as Backend, {
    get(target, prop: string) {
      if (prop in target) return target[prop as keyof Backend];
      return () => Promise.reject(new Error(`fake backend: ${prop} was not expected in this test`));
    },
  });
}
