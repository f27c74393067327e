/**
 * The GCP section of a stack's config (`zt-landing-zone:gcp`). Every optional field states its
 * secure default; defaults that differ per environment are resolved in `resolveGcp`, so the
 * components never look at the environment's name.
 */
import { z } from "zod";
import { cidrField } from "./cidr-field";
import { patterned } from "./patterned";
import type { Environment } from "./schema";

export const GCP_REGIONS = [
    "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
    "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2", "australia-southeast1",
    "australia-southeast2", "europe-central2", "europe-north1", "europe-north2", "europe-southwest1",
    "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8",
    "europe-west9", "europe-west10", "europe-west12", "me-central1", "me-central2", "me-west1",
    "northamerica-northeast1", "northamerica-northeast2", "northamerica-south1", "southamerica-east1",
    "southamerica-west1", "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1",
    "us-west2", "us-west3", "us-west4",
] as const;

/** Project ids: 6–30 characters, lowercase letters, digits and hyphens, starting with a letter. */
export const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** Organization, folder and access-policy ids are decimal numbers. */
const NUMERIC_ID = /^[1-9][0-9]{3,24}$/;
const numericId = (what: string, where: string) =>
    patterned(NUMERIC_ID, `a numeric ${what}`, "digits only, e.g. 123456789012 (no `organizations/` or `folders/` prefix)", `copy the ${what} from ${where}`);
/** Service-account ids are 6–30 characters; `<prefix>-<env>-w-` takes up to 16 of them. */
const WORKLOAD_NAME = /^[a-z][a-z0-9-]{0,12}[a-z0-9]$/;
const slug = (max: number) => z.string().regex(new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`));

/**
 * The services VPC Service Controls restricts by default: everything the landing zone stores data
 * in or administers through. A perimeter that leaves out a service leaves an exfiltration path.
 */
export const DEFAULT_RESTRICTED_SERVICES = [
    "storage.googleapis.com", "bigquery.googleapis.com", "cloudkms.googleapis.com", "secretmanager.googleapis.com",
    "logging.googleapis.com", "monitoring.googleapis.com", "pubsub.googleapis.com", "artifactregistry.googleapis.com",
    "container.googleapis.com", "containeranalysis.googleapis.com", "binaryauthorization.googleapis.com",
    "dlp.googleapis.com", "sqladmin.googleapis.com", "compute.googleapis.com", "iam.googleapis.com",
    "iamcredentials.googleapis.com", "sts.googleapis.com",
] as const;

const NatSchema = z.strictObject({
    /** Cloud Router with Cloud NAT, the only path to the internet. Default: off in dev, on in prod. Required by GKE (image pulls outside Artifact Registry). */
    enabled: z.boolean().optional(),
});

const VpcScSchema = z.strictObject({
    /** The Access Context Manager access policy (numeric id) the perimeter and access level live in. Required to turn VPC Service Controls on. */
    accessPolicy: numericId("access policy id", "`gcloud access-context-manager policies list --organization=<org id>` (NAME column)"),
    /** Record violations without blocking them. Default: true in dev, false (enforced) in prod. */
    dryRun: z.boolean().optional(),
    /** Services inside the perimeter. Default: the list in docs/gcp.md (storage, KMS, Secret Manager, logging, GKE, Artifact Registry, ...). */
    restrictedServices: z.array(z.string().regex(/^[a-z0-9-]+\.googleapis\.com$/)).min(1).optional(),
    /** Public ranges of trusted networks the access level admits (admins' offices, the CI runners' egress). Default: none (only calls from inside the perimeter). */
    trustedRanges: z.array(cidrField({ requirePrivate: false })).optional(),
});

const GkeSchema = z.strictObject({
    /** Build the private GKE cluster. Default: off in dev, on in prod. Needs Cloud NAT. */
    enabled: z.boolean().optional(),
    /** Release channel that upgrades the cluster. Default: REGULAR. No "unspecified": an unpatched cluster is not Zero Trust. */
    releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]).optional(),
    /** Node machine type. Default: e2-standard-4. */
    machineType: z.string().regex(/^[a-z][a-z0-9]*-[a-z0-9-]+$/).optional(),
    /** Autoscaler bounds per zone of the node pool. Default: min 1, max 3. */
    nodes: z.strictObject({ min: z.number().int().min(0).max(100), max: z.number().int().min(1).max(1000) }).optional(),
    /** Pod IP range (a secondary range of the app subnet). Default: 100.64.0.0/14 (RFC 6598 space GKE supports, so pods never eat the address plan). */
    podCidr: cidrField({ requirePrivate: false, minPrefix: 9, maxPrefix: 21 }).optional(),
    /** Service IP range (a secondary range of the app subnet). Default: 100.68.0.0/20. */
    serviceCidr: cidrField({ requirePrivate: false, minPrefix: 9, maxPrefix: 27 }).optional(),
    /** Extra private ranges that may reach the control plane (master authorized networks). Default: none; the app tier always may. */
    authorizedRanges: z.record(slug(30), cidrField({ requirePrivate: true })).optional(),
});

export const GcpSchema = z.strictObject({
    /** Project the landing zone's resources live in. Required. */
    project: patterned(PROJECT_ID, "a project id", "6–30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, e.g. acme-zt-prod", "copy the project ID (not its name or number) from `gcloud projects list`"),
    /** Region for subnets and regional resources. Required. CAUTION: changing it replaces the subnets, keys and buckets. */
    region: z.enum(GCP_REGIONS),
    /** The organization the project belongs to (SCC notifications, the audit config at organization scope). Required. */
    organizationId: numericId("organization id", "`gcloud organizations list` (ID column)"),
    /** The Cloud Identity / Workspace customer id, the only member domain IAM may bind (`iam.allowedPolicyMemberDomains`). Required. */
    customerId: patterned(/^C[0-9a-z]{7,10}$/, "a Cloud Identity customer id", "C followed by 7–10 letters and digits, e.g. C01abcd2e", "copy DIRECTORY_CUSTOMER_ID from `gcloud organizations list`"),
    /** The domain of the Cloud Identity groups: admin.groups, approverGroups and auditorGroups become `group:<name>@<domain>` unless they already hold an `@`. Required. */
    groupDomain: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/),
    /**
     * Where the organization policies and the audit config are set: `project` (needs only project
     * rights), `folder` (set folderId) or `organization`. Default: project.
     */
    policyScope: z.enum(["project", "folder", "organization"]).optional(),
    /** The folder the policies apply to when policyScope is `folder`. */
    folderId: numericId("folder id", "`gcloud resource-manager folders list --organization=<org id>` (ID column)").optional(),
    /** Values of `gcp.resourceLocations`. Default: `in:<region>-locations` (the one region). */
    allowedLocations: z.array(z.string().regex(/^(in:[a-z0-9-]+-locations|[a-z]+-[a-z]+[0-9]+(-[a-z])?|global|us|eu|asia)$/)).min(1).optional(),
    /** Tier slot of the Google services block: the Private Service Connect endpoint and the GKE control plane. Default: the address space's last tier slot. No tier may use it. */
    servicesSlot: z.number().int().min(0).max(255).optional(),
    nat: NatSchema.optional(),
    /** VPC Service Controls around the project. Default: none (an access policy is an organization-level object this stack does not own). */
    vpcServiceControls: VpcScSchema.optional(),
    /** Groups whose members approve admin elevations in Privileged Access Manager. Default: admin.groups (peers approve; nobody approves themselves). */
    approverGroups: z.array(z.string().min(1).max(256)).min(1).optional(),
    /** Groups given read-only roles (security reviewer, log viewer) on the project. Default: none. */
    auditorGroups: z.array(z.string().min(1).max(256)).optional(),
    /** A service account per workload, by name (2–14 lowercase letters, digits, hyphens). Default: `{ app: {} }`. */
    workloadServiceAccounts: z.record(z.string().regex(WORKLOAD_NAME), z.strictObject({})).optional(),
    /**
     * Data buckets by key. `classification` defaults to data.defaultClassification; `retentionDays`
     * (objects cannot be deleted or overwritten before it ends) defaults to 30.
     */
    buckets: z.record(slug(20), z.strictObject({ classification: slug(30).optional(), retentionDays: z.number().int().min(1).max(3650).optional() })).optional(),
    /** Secret Manager secrets by key, each with the workload service accounts that may read it. Default: `{ app: { accessors: ["app"] } }`. */
    secrets: z.record(slug(40), z.strictObject({ accessors: z.array(z.string().regex(WORKLOAD_NAME)).optional() })).optional(),
    gke: GkeSchema.optional(),
    /** Lock the audit log bucket's retention: afterwards nobody can shorten it or delete the bucket before it ends, and the lock cannot be undone. Default: false in dev, true in prod. */
    lockLogBucket: z.boolean().optional(),
    /** Email addresses notified by the alert policies. Default: none (alerts still fire and show in the console). */
    alertEmails: z.array(z.email()).optional(),
});

export type GcpInput = z.infer<typeof GcpSchema>;

/** The GCP section with every default applied: what the GCP components consume. */
export interface GcpConfig {
    project: string;
    region: string;
    organizationId: string;
    customerId: string;
    groupDomain: string;
    policyScope: { kind: "project" } | { kind: "folder"; folderId: string } | { kind: "organization" };
    allowedLocations: string[];
    servicesSlot: number;
    nat: { enabled: boolean };
    vpcServiceControls?: { accessPolicy: string; dryRun: boolean; restrictedServices: string[]; trustedRanges: string[] };
    /** Member strings (`group:<email>`), keyed by the name given in config. */
    adminGroups: Record<string, string>;
    approverGroups: Record<string, string>;
    auditorGroups: Record<string, string>;
    workloadServiceAccounts: string[];
    buckets: Record<string, { classification: string; retentionDays: number }>;
    secrets: Record<string, { accessors: string[] }>;
    gke: {
        enabled: boolean;
        releaseChannel: "RAPID" | "REGULAR" | "STABLE";
        machineType: string;
        nodes: { min: number; max: number };
        podCidr: string;
        serviceCidr: string;
        authorizedRanges: Record<string, string>;
    };
    lockLogBucket: boolean;
    alertEmails: string[];
}

/** Per-environment defaults: the one place that reads the environment's name for GCP. */
const ENV_DEFAULTS: Record<Environment, { nat: boolean; gke: boolean; dryRun: boolean; lock: boolean }> = {
    dev: { nat: false, gke: false, dryRun: true, lock: false },
    prod: { nat: true, gke: true, dryRun: false, lock: true },
};

/** `group:<name>@<domain>`, or the name as given when it is already an address. */
export function groupMember(name: string, domain: string): string {
    return `group:${name.includes("@") ? name : `${name}@${domain}`}`;
}

export function resolveGcp(input: GcpInput, env: Environment, ctx: { defaultClassification: string; tierSlots: number; adminGroups: string[] }): GcpConfig {
    const d = ENV_DEFAULTS[env];
    const members = (names: string[]) => Object.fromEntries(names.map((n) => [n, groupMember(n, input.groupDomain)]));
    const scope = input.policyScope ?? "project";
    const vpcSc = input.vpcServiceControls;
    return {
        project: input.project,
        region: input.region,
        organizationId: input.organizationId,
        customerId: input.customerId,
        groupDomain: input.groupDomain,
        // The semantic checks guarantee folderId is present when the scope is a folder.
        policyScope: scope === "folder" ? { kind: "folder", folderId: input.folderId! } : { kind: scope },
        allowedLocations: input.allowedLocations ?? [`in:${input.region}-locations`],
        servicesSlot: input.servicesSlot ?? ctx.tierSlots - 1,
        nat: { enabled: input.nat?.enabled ?? d.nat },
        vpcServiceControls: vpcSc && {
            accessPolicy: vpcSc.accessPolicy,
            dryRun: vpcSc.dryRun ?? d.dryRun,
            restrictedServices: vpcSc.restrictedServices ?? [...DEFAULT_RESTRICTED_SERVICES],
            trustedRanges: vpcSc.trustedRanges ?? [],
        },
        adminGroups: members(ctx.adminGroups),
        approverGroups: members(input.approverGroups ?? ctx.adminGroups),
        auditorGroups: members(input.auditorGroups ?? []),
        workloadServiceAccounts: Object.keys(input.workloadServiceAccounts ?? { app: {} }),
        buckets: Object.fromEntries(
            Object.entries(input.buckets ?? { data: {} }).map(([k, v]) => [k, { classification: v.classification ?? ctx.defaultClassification, retentionDays: v.retentionDays ?? 30 }]),
        ),
        secrets: Object.fromEntries(Object.entries(input.secrets ?? { app: { accessors: ["app"] } }).map(([k, v]) => [k, { accessors: v.accessors ?? [] }])),
        gke: {
            enabled: input.gke?.enabled ?? d.gke,
            releaseChannel: input.gke?.releaseChannel ?? "REGULAR",
            machineType: input.gke?.machineType ?? "e2-standard-4",
            nodes: input.gke?.nodes ?? { min: 1, max: 3 },
            podCidr: input.gke?.podCidr ?? "100.64.0.0/14",
            serviceCidr: input.gke?.serviceCidr ?? "100.68.0.0/20",
            authorizedRanges: input.gke?.authorizedRanges ?? {},
        },
        lockLogBucket: input.lockLogBucket ?? d.lock,
        alertEmails: input.alertEmails ?? [],
    };
}
