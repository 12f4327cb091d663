// Tells every view of the connections (Settings, the status bar) that the list or the active
// connection changed, so each reloads what it shows.

export const connectionEvents = $state({ version: 0 });

export function connectionsChanged(): void {
  connectionEvents.version += 1;
}

// Tells every page that the organisation of a provider connection changed: the shell shows the
// current page again, now on the chosen organisation.
export const organisationEvents = $state({ version: 0 });

export function organisationChanged(): void {
  organisationEvents.version += 1;
  connectionsChanged();
}
