// The groups area's calls to the Rust side.
import { commands, type GroupApplication, type UserGroupRow } from "../bindings";
import { unwrap } from "./result";

export interface GroupsBackend {
  listUserGroups(): Promise<UserGroupRow[]>;
  /** The applications a group opens, directly or through other groups. */
  groupApplications(groupId: string): Promise<GroupApplication[]>;
  /** Binds in JumpCloud, then answers the group's applications as read again. */
  bindGroupApplication(groupId: string, applicationId: string): Promise<GroupApplication[]>;
  /** Unbinds in JumpCloud, then answers the group's applications as read again. */
  unbindGroupApplication(groupId: string, applicationId: string): Promise<GroupApplication[]>;
}

export const groupsBackend: GroupsBackend = {
  listUserGroups: () => unwrap(commands.listUserGroups()),
  groupApplications: (groupId) => unwrap(commands.groupApplications(groupId)),
  bindGroupApplication: (groupId, applicationId) =>
    unwrap(commands.bindGroupApplication(groupId, applicationId)),
  unbindGroupApplication: (groupId, applicationId) =>
    unwrap(commands.unbindGroupApplication(groupId, applicationId)),
};
