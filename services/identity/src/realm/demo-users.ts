// Demo users (local and test realms only, never production): a platform admin, an auditor, and
// per portal one user for each role, with Vietnamese names.
import { DEMO_PASSWORD, PORTAL_ROLES, type PortalInfo, portalGroupPath, type UserSpec } from "./spec";

// Vietnamese demo names: [family name, middle + given name]
const NAMES: [string, string][] = [
  ["Nguyễn", "Văn An"],
  ["Trần", "Thị Bình"],
  ["Lê", "Minh Châu"],
  ["Phạm", "Đức Dũng"],
  ["Hoàng", "Thu Hà"],
  ["Vũ", "Quang Huy"],
  ["Đặng", "Thị Lan"],
  ["Bùi", "Văn Long"],
  ["Đỗ", "Ngọc Mai"],
  ["Ngô", "Thành Nam"],
  ["Dương", "Thị Oanh"],
  ["Lý", "Văn Phúc"],
  ["Đinh", "Thị Quỳnh"],
  ["Trịnh", "Văn Sơn"],
  ["Mai", "Thị Thảo"],
  ["Cao", "Xuân Trường"],
  ["Lưu", "Thị Uyên"],
  ["Tạ", "Văn Việt"],
  ["Hà", "Thị Xuân"],
  ["Phan", "Hải Yến"],
  ["Chu", "Văn Đạt"],
  ["Kiều", "Thị Hằng"],
  ["Lương", "Văn Khánh"],
  ["Thân", "Thị Ngân"],
  ["Giáp", "Văn Tú"],
];

/** Demo users: a platform admin, an auditor, and per portal one user for each role. */
export function demoUsers(portals: PortalInfo[], password = DEMO_PASSWORD): UserSpec[] {
  let n = 0;
  const person = (username: string, extra: Partial<UserSpec>): UserSpec => {
    const [lastName, firstName] = NAMES[n++ % NAMES.length] as [string, string];
    return {
      username,
      firstName,
      lastName,
      email: `${username}@bacgiang.localhost`,
      realmRoles: [],
      groups: [],
      password,
      ...extra,
    };
  };
  const users = [
    person("platform.admin", { realmRoles: ["platform-admin"] }),
    person("auditor", { realmRoles: ["auditor"] }),
  ];
  for (const p of portals) {
    for (const role of PORTAL_ROLES) {
      users.push(person(`${p.id}.${role}`, { groups: [portalGroupPath(p.id, role)] }));
    }
  }
  return users.map((u) => ({
    ...u,
    firstName: u.firstName.normalize("NFC"),
    lastName: u.lastName.normalize("NFC"),
  }));
}
