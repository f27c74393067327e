/**
 * The landing-zone stacks the bootstrap serves, read from their own stack files. The bootstrap
 * declares an environment's deploy identity (the pipeline's keyless way in) when that
 * environment's landing-zone stack leaves it to the bootstrap (`ci.deployIdentity: bootstrap`, the
 * default): it must exist before the first deploy, and the pipeline must not own its own trust.
 * The identity is built from the landing zone's own settings (prefix, repository and environment,
 * subscription or project), so the stack file stays their one source; a mismatch with the
 * bootstrap's own settings is an error here, before anything is declared.
 */
import { issue as issueAt, type ConfigIssue } from "../config/issues";
import type { Intent } from "../config/schema";
import { readStackConfig, StackFileError } from "../config/stack-file";
import { validateConfigMap } from "../config/validate";
import { BOOTSTRAP_PROJECT, BOOTSTRAP_REFERENCE, landingZoneStackOf, validateBootstrapConfig, type Bootstrap, type BootstrapValidation } from "./config";

/** One environment whose deploy identity the bootstrap declares, with its landing zone's validated intent. */
export interface DeployIdentityPlan<I extends Intent = Intent> {
    env: Intent["environment"];
    /** The landing-zone stack it was read from. */
    stack: string;
    intent: I;
}

export type BootstrapStack = Bootstrap & { deployIdentities: DeployIdentityPlan[] };
export type BootstrapStackValidation = { ok: true; bootstrap: BootstrapStack } | { ok: false; issues: ConfigIssue[] };

const issue = (segments: ReadonlyArray<PropertyKey>, value: unknown, allowed: string, fix: string) => issueAt(segments, value, allowed, fix, BOOTSTRAP_PROJECT);

/**
 * The bootstrap's config and, when it is valid, each environment's landing-zone stack file
 * (`root`/stacks/Pulumi.<stack>.yaml merged over `root`/Pulumi.yaml, as the CLI reads it): what
 * the program and the offline plan both validate before anything is declared.
 */
export function validateBootstrapStack(config: Record<string, string>, root?: string): BootstrapStackValidation {
    const own: BootstrapValidation = validateBootstrapConfig(config);
    if (!own.ok) return own;
    const b = own.bootstrap;
    const issues: ConfigIssue[] = [];
    const deployIdentities: DeployIdentityPlan[] = [];
    for (const env of b.environments) {
        const stack = landingZoneStackOf(b, env);
        const where = ["landingZoneStacks", env];
        let wire: Record<string, string>;
        try {
            wire = readStackConfig(stack, root).config;
        } catch (e) {
            if (!(e instanceof StackFileError)) throw e;
            issues.push(issue(where, stack, "a landing-zone stack with a stack file in stacks/", `create stacks/Pulumi.${stack}.yaml, or set landingZoneStacks.${env} to the stack that deploys ${env} (see ${BOOTSTRAP_REFERENCE})`));
            continue;
        }
        const lz = validateConfigMap(wire);
        if (!lz.ok) {
            issues.push(issue(where, stack, "a landing-zone stack whose config is valid",
                `fix its ${lz.issues.length} config error(s) first (\`npm run plan -- --stack ${stack}\` lists them; the first is ${lz.issues[0].path})`));
            continue;
        }
        const mismatch = mismatches(b, env, lz.intent);
        if (mismatch.length > 0) {
            issues.push(issue(where, stack, `the ${b.cloud} landing-zone stack of ${env}, with the bootstrap's prefix "${b.prefix}"${b.cloud === "azure" ? " and tenant" : ""}`,
                `its ${mismatch.join(", ")}: point landingZoneStacks.${env} at the right stack, or make the two agree (the deploy identity and the state's users are named from them)`));
            continue;
        }
        if (lz.intent.ci.deployIdentity === "bootstrap") deployIdentities.push({ env, stack, intent: lz.intent });
    }
    return issues.length > 0 ? { ok: false, issues } : { ok: true, bootstrap: { ...b, deployIdentities } };
}

/** Where the landing zone's settings contradict the bootstrap's, in words. */
function mismatches(b: Bootstrap, env: string, intent: Intent): string[] {
    const out: string[] = [];
    if (intent.cloud !== b.cloud) out.push(`cloud is "${intent.cloud}", not "${b.cloud}"`);
    if (intent.environment !== env) out.push(`environment is "${intent.environment}", not "${env}"`);
    if (intent.prefix !== b.prefix) out.push(`prefix is "${intent.prefix}", not "${b.prefix}"`);
    // One sign-in runs the bootstrap: every subscription it declares identities in is in its tenant.
    if (b.cloud === "azure" && intent.cloud === "azure" && intent.azure.tenantId !== b.azure.tenantId) out.push(`tenant is ${intent.azure.tenantId}, not ${b.azure.tenantId}`);
    return out;
}
