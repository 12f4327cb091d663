// The groups area's calls to the Rust side.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GroupsBackend {}

export const groupsBackend: GroupsBackend = {};
