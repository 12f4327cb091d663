// After the frame that shows the line (two animation frames, as SSO Desk measures its own).
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("painted")),
);
