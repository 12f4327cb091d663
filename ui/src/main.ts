import { mount } from "svelte";
import App from "./App.svelte";
import { tauriBackend } from "./lib/backend";
import { restorePage, router } from "./lib/router.svelte";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("the page has no #app element");
// The app opens where the admin left it (the Overview on the first start).
void Promise.resolve()
  .then(() => tauriBackend.lastPage())
  .catch(() => null)
  .then((last) => {
    const page = restorePage(last);
    if (page) router.go(page);
    mount(App, { target, props: { backend: tauriBackend } });
  });
