// The catalog area's calls to the Rust side.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CatalogBackend {}

export const catalogBackend: CatalogBackend = {};
