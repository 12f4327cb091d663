// The attributes area's calls to the Rust side.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AttributesBackend {}

export const attributesBackend: AttributesBackend = {};
