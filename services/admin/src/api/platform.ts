// What the platform team's console (issue 19) reads from archive: retention records, legal holds,
// runs of the hash chain's verification, backups and restore drills — the parts the screens show
// (archive's openapi.yaml is the contract).

export interface Actor {
  id?: string;
  username: string;
}

/** A legal hold on an item (archive's PlacedHold). */
export interface PlacedHold {
  reason: string;
  by: Actor;
  at: string;
}

/** An item's retention record, its latest archived revision (archive's ArchivedItem). */
export interface ArchivedItem {
  itemId: string;
  portalId: string;
  revision: number;
  kind: string;
  categoryIds: string[];
  agency: string | null;
  title: string;
  retentionClass: "limited-5y" | "permanent";
  firstPublishedAt: string;
  publishedAt: string;
  expiresAt: string | null;
  expiredAt: string | null;
  state: "published" | "unpublished" | "archived" | "expired";
  hold: PlacedHold | null;
  snapshotKey: string;
}

export interface ItemPage {
  items: ArchivedItem[];
  nextCursor: string | null;
}

/** After a hold was placed or lifted (archive's HoldState). */
export interface HoldState {
  itemId: string;
  portalId: string;
  state?: ArchivedItem["state"];
  hold: PlacedHold | null;
}

/** The retention scheduler's last run (archive's RetentionStatus). */
export interface RetentionStatus {
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastResult: { expired: number; held: number; failed: number } | null;
  lastError: string | null;
  nextRunAt: string | null;
  overdue: boolean;
}

export type ChainProblemKind =
  | "entry_missing"
  | "link_broken"
  | "entry_hash_mismatch"
  | "content_changed"
  | "object_unreadable"
  | "media_changed"
  | "media_unreadable"
  | "manifest_copy_differs"
  | "manifest_copy_unreadable";

/** A verification of the hash chain, as it goes and once it ended (archive's VerificationRun). */
export interface VerificationRun {
  id: string;
  scope: string;
  portalId: string | null;
  status: "running" | "ok" | "broken" | "failed";
  checked: number;
  total: number;
  problems: number;
  firstBreak?: { seq: number; key: string | null; kind: ChainProblemKind; message: string };
  mediaChecked: number;
  mediaMissing: number;
  error?: string;
  startedBy: Actor;
  startedAt: string;
  finishedAt?: string;
}

export interface VerificationStarted {
  id: string;
  status: "running";
  checked: number;
  total: number;
}

/** One backup (archive's BackupSummary). */
export interface BackupSummary {
  id: string;
  createdAt: string;
  bytes: number;
  collections: number;
  documents: number;
  objects: number;
  databases: string[];
  buckets: string[];
  encrypted: boolean;
  verification: {
    state: "verified" | "failed" | "unverified" | "unknown";
    at: string | null;
    error: string | null;
  };
}

export interface BackupList {
  configured: boolean;
  items: BackupSummary[];
  status: {
    lastRunAt: string | null;
    lastSuccessAt: string | null;
    lastBackupId: string | null;
    lastVerifiedAt: string | null;
    lastVerifiedId: string | null;
    lastError: string | null;
    consecutiveFailures: number;
    failures: number;
  } | null;
}

/**
 * A restore drill: a backup restored into a scratch database and bucket and compared with what
 * the backup holds (`GET /backups/drills/{id}`, the contract agreed with archive's restore-drill
 * API: counts per collection equal, every media object byte-identical).
 */
export interface RestoreDrill {
  id: string;
  backupId: string;
  status: "running" | "passed" | "failed";
  done: number;
  total: number;
  startedBy?: Actor;
  startedAt?: string;
  finishedAt?: string | null;
  collections?: {
    database: string;
    collection: string;
    expected: number;
    restored: number;
    equal: boolean;
  }[];
  objects?: { expected: number; restored: number; identical: number; mismatched: unknown[] };
  error?: string | null;
}

/**
 * An availability or security incident of the register (archive's Incident, R-OPS-247, R-SEC):
 * `portalIds` empty is the whole platform; `version` is also its ETag.
 */
export interface Incident {
  id: string;
  kind: "availability" | "security";
  portalIds: string[];
  title: string;
  startedAt: string;
  closedAt: string | null;
  actions: string;
  notified: string[];
  createdBy: { username: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface IncidentList {
  items: Incident[];
  nextCursor: string | null;
}

/** The probe's figures of a period (archive's report `availability`, platform-wide, and each portal's). */
export interface ProbeAvailability {
  percent: number;
  samples: number;
  okSamples: number;
  longestOutage: { from: string; to: string; ms: number; failedSamples: number; ongoing: boolean } | null;
}

/**
 * Each portal's own figures from the probe of its home page (archive's `GET /availability/portals`,
 * a page of portals in id order; `availability` null when it has no sample in [from, to)).
 */
export interface PortalAvailabilityPage {
  from: string;
  to: string;
  items: { portalId: string; name: string; availability: ProbeAvailability | null }[];
  nextCursor: string | null;
}

/** The register's part of a report (archive's report `incidents`). */
export interface ReportIncidents {
  total: number;
  byKind: { availability: number; security: number };
  downtimeMinutes: number;
  items: { id: string; kind: Incident["kind"]; title: string; startedAt: string; closedAt: string | null }[];
}

/** What the console reads of a report's JSON (`GET /reports/{period}?format=json`). */
export interface ReportFigures {
  period: { label: string; from: string; to: string };
  availability: ProbeAvailability | null;
  incidents: ReportIncidents | null;
}
