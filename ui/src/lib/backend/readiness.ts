// The readiness area's calls to the Rust side.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReadinessBackend {}

export const readinessBackend: ReadinessBackend = {};
