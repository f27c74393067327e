/**
 * The landing zone's Cloud KMS keys: one ring, one rotating key per purpose, and the grant that
 * lets exactly one Google service agent use each key. The pure settings are exported for tests.
 *
 * Separation of duties: a service agent gets Encrypter/Decrypter on its own key only (never on the
 * ring, never Admin), so the storage agent cannot read secrets and a compromised GKE control plane
 * cannot unwrap log data. Key administration stays with the deploy identity (identity pillar).
 */
import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/gcp/kms";
import * as logging from "@pulumi/gcp/logging";
import * as projects from "@pulumi/gcp/projects";
import * as storage from "@pulumi/gcp/storage";
import { after } from "../shared/after";
import { gcpNames, KEY_PURPOSES, serviceAgent, type KeyPurpose, type ServiceAgent } from "./names";

/** The only role a service agent gets on its key: use it, never manage it. */
export const KEY_USER_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

/**
 * The service agent that uses each key. Cloud Logging encrypts log buckets with the account its
 * `GetCmekSettings` call reports for the project (cloud.google.com/logging/docs/routing/
 * managed-encryption-storage), which {@link keyRing} reads rather than guesses: current projects
 * get the Logging agent `service-<n>@gcp-sa-logging`, older ones a `cmek-p<n>@gcp-sa-logging`
 * account. GKE boot disks are encrypted by the Compute Engine agent (`compute-system`), not GKE's.
 */
export const KEY_AGENTS: Readonly<Record<KeyPurpose, ServiceAgent>> = {
    storage: "storage",
    secrets: "secretmanager",
    logs: "logging",
    pubsub: "pubsub",
    registry: "artifactregistry",
    cluster: "container",
    disks: "compute",
};

/**
 * Agents Google creates only on a service's first use, which the Service Usage API
 * (`generateServiceIdentity`, `projects.ServiceIdentity`) creates ahead of time. The list follows
 * Cloud Foundation Fabric's `service-agents.yaml` (jit: true) and Google's DLP docs ("created the
 * first time it is needed"). The GKE and Compute agents exist once their APIs are enabled; the
 * Cloud Storage and Logging CMEK accounts are created by the lookups that name them (see
 * {@link keyRing}).
 */
export const JIT_AGENTS = {
    secretmanager: "secretmanager.googleapis.com",
    pubsub: "pubsub.googleapis.com",
    artifactregistry: "artifactregistry.googleapis.com",
    dlp: "dlp.googleapis.com",
} as const satisfies Partial<Record<ServiceAgent, string>>;
export type JitAgent = keyof typeof JIT_AGENTS;

/** 90 days, the longest rotation CIS GCP 1.10 and the pack (zt-gcp-kms-rotation) allow. */
export const KEY_ROTATION_PERIOD = "7776000s";
/**
 * 90 days in DESTROY_SCHEDULED before a version's material is gone: a destroy by mistake or by a
 * compromised pipeline can be undone for as long as Azure's soft delete allows. Cloud KMS allows
 * up to 120 days; the default is 30. Immutable: it is fixed when the key is created.
 */
export const KEY_DESTROY_DELAY = "7776000s";

export type KeyProtectionLevel = "HSM" | "SOFTWARE";

/**
 * The settings every key shares. HSM by default: the key material is generated in and never
 * leaves FIPS 140-2 Level 3 HSMs, the bar AWS KMS and the Azure pillar's premium vault keys also
 * meet. It costs about $1 per active key version a month instead of $0.06 (AES-256; operations are
 * priced alike). Old versions stay billable because they still decrypt, so seven keys rotating
 * quarterly cost about $7 a month at first and $35 after a year, per environment. SOFTWARE is the
 * cheaper, weaker choice for disposable stacks.
 */
export function keySettings(protectionLevel: KeyProtectionLevel) {
    return {
        purpose: "ENCRYPT_DECRYPT",
        rotationPeriod: KEY_ROTATION_PERIOD,
        destroyScheduledDuration: KEY_DESTROY_DELAY,
        versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel },
    };
}

export interface KeyRingArgs {
    namePrefix: string;
    project: string;
    projectNumber: pulumi.Input<string>;
    region: string;
    protectionLevel: KeyProtectionLevel;
    /** The Cloud Logging CMEK service account's email. Default: what `GetCmekSettings` reports. */
    loggingAgent?: pulumi.Input<string>;
    protect: boolean;
}

export interface KeyRingResult {
    /** Purpose → full key name, resolved once the key and its agent's grant exist. */
    keys: Record<KeyPurpose, pulumi.Output<string>>;
    keyRingId: pulumi.Output<string>;
    /** The agents created ahead of first use, so later grants (DLP) can wait for them. */
    agents: Record<JitAgent, projects.ServiceIdentity>;
}

/** Declares the ring, its keys, the just-in-time agents and each agent's grant under `name`. */
export function keyRing(name: string, args: KeyRingArgs, parent: pulumi.Resource): KeyRingResult {
    const child = { parent };
    const n = gcpNames(args.namePrefix, args.project, args.region);
    const ring = new kms.KeyRing(`${name}-keyring`, { name: n.keyRing, project: args.project, location: args.region }, { ...child, protect: args.protect });
    const ringId = after([ring], pulumi.output(n.keyRingId));

    const agents = Object.fromEntries(
        (Object.keys(JIT_AGENTS) as JitAgent[]).map((a) => [a, new projects.ServiceIdentity(`${name}-agent-${a}`, { project: args.project, service: JIT_AGENTS[a] }, child)]),
    ) as Record<JitAgent, projects.ServiceIdentity>;
    // Each lookup creates its account if it does not exist yet (the provider documents this for
    // CMEK buckets; Logging's docs prescribe GetCmekSettings before a CMEK log bucket), so the
    // grants never name an account that is not there.
    const storageLookup = storage.getProjectServiceAccountOutput({ project: args.project }, child);
    const loggingAgent = args.loggingAgent ?? logging.getProjectCmekSettingsOutput({ project: args.project }, child).serviceAccountId;
    const member = (agent: ServiceAgent): pulumi.Output<string> => {
        if (agent === "logging") return pulumi.interpolate`serviceAccount:${loggingAgent}`;
        const email = serviceAgent(args.projectNumber, agent);
        const ready = agent === "storage" ? pulumi.all([storageLookup.emailAddress, email]).apply(([, e]) => e) : email;
        return pulumi.interpolate`serviceAccount:${ready}`;
    };

    const settings = keySettings(args.protectionLevel);
    const keys = {} as Record<KeyPurpose, pulumi.Output<string>>;
    for (const purpose of KEY_PURPOSES) {
        const key = new kms.CryptoKey(`${name}-key-${purpose}`, {
            name: purpose,
            keyRing: ringId,
            ...settings,
            labels: { purpose },
        }, { ...child, protect: args.protect });
        const agent = KEY_AGENTS[purpose];
        const identity = agent in JIT_AGENTS ? [agents[agent as JitAgent]] : [];
        const grant = new kms.CryptoKeyIAMMember(`${name}-key-${purpose}-user`, {
            cryptoKeyId: after([key], pulumi.output(n.keyId(purpose))),
            role: KEY_USER_ROLE,
            member: member(agent),
        }, { ...child, dependsOn: identity });
        keys[purpose] = after([key, grant], pulumi.output(n.keyId(purpose)));
    }
    return { keys, keyRingId: ringId, agents };
}
