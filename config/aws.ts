/**
 * The AWS section of a stack's config (`zt-landing-zone:aws`). Every optional field states its
 * secure default; defaults that differ per environment are resolved in `resolveAws`, so the
 * components never look at the environment's name.
 */
import { z } from "zod";
import { Region } from "@pulumi/aws/types/enums";
import { cidrField } from "./cidr-field";
import { patterned } from "./patterned";
import type { Environment } from "./schema";

/** Every region the provider itself knows; taken from its own enum so the list never drifts. */
export const AWS_REGIONS = Object.values(Region) as [string, ...string[]];

const slug = (max: number) => z.string().regex(new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`));


/** `o-` then 10–32 lowercase letters or digits (the Organizations API's own pattern). */
export const ORG_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** An SCP target: the root (`r-`), an OU (`ou-`) or a 12-digit account id. */
export const SCP_TARGET_PATTERN = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

const OrganizationSchema = z.strictObject({
    /** The organization id, e.g. `o-a1b2c3d4e5`. Endpoint policies and bucket policies restrict use to it. */
    id: patterned(ORG_ID_PATTERN, "an organization id", "o- followed by 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5", "copy the id from the AWS Organizations console (Settings → Organization ID); r-… is the root id and ou-… an OU, which belong in scpTargets"),
    /** Roots, OUs or accounts the service control policies attach to. Required when an organization is set. */
    scpTargets: z.array(patterned(SCP_TARGET_PATTERN, "an SCP target", "a root id (r-…), an OU id (ou-…-…) or a 12-digit account id", "copy the target's id from the AWS Organizations console")).min(1),
    /** Whether the trail is an organization trail (needs the management or delegated admin account). Default: true. */
    organizationTrail: z.boolean().optional(),
});

const SessionMinutesSchema = z.strictObject({
    /** Default: 480 (8 h). */
    readOnly: z.number().int().min(15).max(720).optional(),
    /** Default: 240 (4 h). */
    developer: z.number().int().min(15).max(720).optional(),
    /** Default: 60. Never more than an hour: standing admin sessions are what just-in-time replaces. */
    admin: z.number().int().min(15).max(60).optional(),
});

const IdentityCenterSchema = z.strictObject({
    /** Identity Center instance ARN. Default: looked up (the account's only instance). */
    instanceArn: patterned(/^arn:aws:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/, "an Identity Center instance ARN", "arn:aws:sso:::instance/ssoins-<16 characters>", "copy it from IAM Identity Center → Settings, or leave it unset to look it up").optional(),
    /** Identity store id, e.g. `d-1234567890`. Default: looked up with the instance. */
    identityStoreId: patterned(/^d-[0-9a-f]{10}$/, "an identity store id", "d- followed by 10 hex digits", "copy it from IAM Identity Center → Settings, or leave it unset to look it up").optional(),
    /** Groups given the read-only permission set. Default: none. */
    readOnlyGroups: z.array(z.string().min(1).max(128)).optional(),
    /** Groups given the developer permission set. Default: none. */
    developerGroups: z.array(z.string().min(1).max(128)).optional(),
    /** Session length per permission set. */
    sessionMinutes: SessionMinutesSchema.optional(),
});

const EgressFirewallSchema = z.strictObject({
    /** AWS Network Firewall egress inspection. Default: off in dev, on in prod (off when nat is "none"). Cannot be on without NAT. */
    enabled: z.boolean().optional(),
    /** Domains egress may reach (leading dot = subdomains). Default: [".amazonaws.com"]. Everything else is dropped. */
    allowedDomains: z.array(z.string().regex(/^\.?([a-z0-9-]+\.)+[a-z]{2,}$/)).min(1).optional(),
});

const EksSchema = z.strictObject({
    /** Build the EKS cluster. Default: off in dev, on in prod. */
    enabled: z.boolean().optional(),
    /** Kubernetes version. Default: "1.33". */
    version: z.string().regex(/^1\.\d{2}$/).optional(),
    /** Node instance types. Default: ["m7i.large"]. */
    instanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/)).min(1).optional(),
    /** Node count. Default: min 2, desired 2, max 4. */
    nodes: z.strictObject({ min: z.number().int().min(1).max(100), desired: z.number().int().min(1).max(100), max: z.number().int().min(1).max(100) }).optional(),
});

/** `<name>` or `<path>/<name>` of an IAM role, `*` allowed: what follows `role/` in its ARN. */
export const IAM_ROLE_PATTERN = patterned(
    /^[A-Za-z0-9+=,.@_*/-]{1,512}$/,
    "an IAM role-name pattern",
    "what follows role/ in the role's ARN, with * wildcards, e.g. aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*",
    "write the role's path and name without arn:aws:iam::<account>:role/",
);

export const AwsSchema = z.strictObject({
    /** Region the landing zone is built in. Required. CAUTION: changing it replaces everything. */
    region: z.enum(AWS_REGIONS),
    /**
     * Availability-zone suffixes to spread subnets over. The letter picks the zone's subnet slot
     * (a → 0, b → 1, ...), so adding a zone never moves another. Default: ["a", "b"].
     */
    zones: z.array(z.enum(["a", "b", "c", "d", "e", "f"])).min(2).max(4).optional(),
    /** The AWS Organization. Default: none (no SCPs, account-level trail, no org conditions). */
    organization: OrganizationSchema.optional(),
    /** Regions the region-deny SCP allows. Default: just `region`. Must include `region`. */
    allowedRegions: z.array(z.enum(AWS_REGIONS)).min(1).optional(),
    /** Source ranges privileged actions must come from (SCP, `aws:SourceIp`). Default: none (MFA only). */
    trustedSourceCidrs: z.array(cidrField({ requirePrivate: false })).optional(),
    identityCenter: IdentityCenterSchema.optional(),
    /**
     * Further administrators of the landing zone's KMS keys, as role-name patterns of this account
     * (e.g. the Identity Center administrator role that runs the first deploy, before the deploy
     * role exists: KMS refuses a key policy that would lock out its creator). Default: none, only
     * the deploy, break-glass and just-in-time admin roles. Remove it once the pipeline deploys.
     */
    keyAdministratorRoles: z.array(IAM_ROLE_PATTERN).min(1).optional(),
    /** NAT gateways: `none`, `single` or `per-zone`. Default: `single` in dev, `per-zone` in prod. `single` is refused in prod (one zone's outage would cut egress for all). */
    nat: z.enum(["none", "single", "per-zone"]).optional(),
    egressFirewall: EgressFirewallSchema.optional(),
    /**
     * Tier slot reserved for the NAT and firewall subnets. Default: the address space's last tier
     * slot. No tier may use it. CAUTION: changing it replaces the NAT gateways and the firewall.
     */
    egressSlot: z.number().int().min(0).max(255).optional(),
    /** Data buckets by name, each with an optional classification. Default: `{ data: {} }` at data.defaultClassification. */
    buckets: z.record(slug(20), z.strictObject({ classification: slug(30).optional() })).optional(),
    /** Secrets Manager secrets by name (values are set out of band, never in config). Default: `{ app-database: {...} }`. */
    secrets: z.record(slug(40), z.strictObject({ description: z.string().min(1).max(256) })).optional(),
    /** ECR repositories by name, with how many images to keep. Default: `{ app: { keepImages: 30 } }`. */
    repositories: z.record(slug(40), z.strictObject({ keepImages: z.number().int().min(1).max(1000).optional() })).optional(),
    eks: EksSchema.optional(),
    /** Email addresses subscribed to the security-alerts topic. Default: none (subscribe your SIEM/pager instead). */
    alertEmails: z.array(z.email()).optional(),
    /** Days before log-archive objects move to Glacier. Default: 90. */
    glacierAfterDays: z.number().int().min(1).max(3650).optional(),
});

export type AwsInput = z.infer<typeof AwsSchema>;

/** The AWS section with every default applied: what the AWS components consume. */
export interface AwsConfig {
    region: string;
    zones: string[];
    organization?: { id: string; scpTargets: string[]; organizationTrail: boolean };
    allowedRegions: string[];
    trustedSourceCidrs: string[];
    keyAdministratorRoles: string[];
    identityCenter: {
        instanceArn?: string;
        identityStoreId?: string;
        readOnlyGroups: string[];
        developerGroups: string[];
        sessionMinutes: { readOnly: number; developer: number; admin: number };
    };
    nat: "none" | "single" | "per-zone";
    egressFirewall: { enabled: boolean; allowedDomains: string[] };
    egressSlot: number;
    buckets: Record<string, { classification: string }>;
    secrets: Record<string, { description: string }>;
    repositories: Record<string, { keepImages: number }>;
    eks: { enabled: boolean; version: string; instanceTypes: string[]; nodes: { min: number; desired: number; max: number } };
    alertEmails: string[];
    glacierAfterDays: number;
}

/** Per-environment defaults: the one place that reads the environment's name for AWS. */
const ENV_DEFAULTS: Record<Environment, { nat: AwsConfig["nat"]; firewall: boolean; eks: boolean }> = {
    dev: { nat: "single", firewall: false, eks: false },
    prod: { nat: "per-zone", firewall: true, eks: true },
};

export function resolveAws(input: AwsInput, env: Environment, ctx: { defaultClassification: string; tierSlots: number }): AwsConfig {
    const d = ENV_DEFAULTS[env];
    return {
        region: input.region,
        zones: input.zones ?? ["a", "b"],
        organization: input.organization && { ...input.organization, organizationTrail: input.organization.organizationTrail ?? true },
        allowedRegions: input.allowedRegions ?? [input.region],
        trustedSourceCidrs: input.trustedSourceCidrs ?? [],
        keyAdministratorRoles: input.keyAdministratorRoles ?? [],
        identityCenter: {
            instanceArn: input.identityCenter?.instanceArn,
            identityStoreId: input.identityCenter?.identityStoreId,
            readOnlyGroups: input.identityCenter?.readOnlyGroups ?? [],
            developerGroups: input.identityCenter?.developerGroups ?? [],
            sessionMinutes: {
                readOnly: input.identityCenter?.sessionMinutes?.readOnly ?? 480,
                developer: input.identityCenter?.sessionMinutes?.developer ?? 240,
                admin: input.identityCenter?.sessionMinutes?.admin ?? 60,
            },
        },
        nat: input.nat ?? d.nat,
        egressFirewall: {
            // Without NAT there is no egress to inspect, so the prod default follows the NAT choice.
            enabled: input.egressFirewall?.enabled ?? (d.firewall && (input.nat ?? d.nat) !== "none"),
            allowedDomains: input.egressFirewall?.allowedDomains ?? [".amazonaws.com"],
        },
        egressSlot: input.egressSlot ?? ctx.tierSlots - 1,
        buckets: Object.fromEntries(
            Object.entries(input.buckets ?? { data: {} }).map(([k, v]) => [k, { classification: v.classification ?? ctx.defaultClassification }]),
        ),
        secrets: input.secrets ?? { "app-database": { description: "Credentials the app tier uses for its database; rotated by the workload, never set in config." } },
        repositories: Object.fromEntries(Object.entries(input.repositories ?? { app: {} }).map(([k, v]) => [k, { keepImages: v.keepImages ?? 30 }])),
        eks: {
            enabled: input.eks?.enabled ?? d.eks,
            version: input.eks?.version ?? "1.33",
            instanceTypes: input.eks?.instanceTypes ?? ["m7i.large"],
            nodes: input.eks?.nodes ?? { min: 2, desired: 2, max: 4 },
        },
        alertEmails: input.alertEmails ?? [],
        glacierAfterDays: input.glacierAfterDays ?? 90,
    };
}
