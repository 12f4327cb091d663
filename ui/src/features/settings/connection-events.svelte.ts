// Tells every view of the connections (Settings, the status bar) that the list or the active
// connection changed, so each reloads what it shows.

export const connectionEvents = $state({ version: 0 });

export function connectionsChanged(): void {
  connectionEvents.version += 1;
}
