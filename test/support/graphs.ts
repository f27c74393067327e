/**
 * Shared, memoized graph captures for the tests. Capturing a program costs a child process and a
 * few seconds, so each program is captured at most once per mocha process and every test file
 * that needs it awaits the same promise. Never capture inside an `it`.
 */
import * as path from "path";
import { readStackConfig, listStacks, projectNamespace, PROJECT } from "../../config/stack-file";
import { captureProgram, type Capture } from "../../plan/capture";
import type { CapturedGraph } from "../../plan/graph";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The small program with nested components used by the engine tests. */
export const FIXTURE_PROGRAM = path.join(REPO_ROOT, "test", "fixtures", "programs", "nested");
/** The fixture policy pack (its own package.json and version). */
export const FIXTURE_PACK = path.join(REPO_ROOT, "test", "fixtures", "pack");
/** zt:k8s:WorkloadBaseline alone (variants `prod` and `dev`), for the baseline's component tests. */
export const BASELINE_PROGRAM = path.join(REPO_ROOT, "test", "fixtures", "programs", "k8s-baseline");
/** A project root whose only stack file is invalid. */
export const FIXTURE_PROJECT = path.join(REPO_ROOT, "test", "fixtures", "project");

/** Config the fixture program is captured with. */
export const FIXTURE_CONFIG: Readonly<Record<string, string>> = { "fixture:prefix": "zt", "aws:region": "eu-test-2" };

const memo = new Map<string, Promise<Capture>>();

function once(key: string, make: () => Promise<Capture>): Promise<Capture> {
    let p = memo.get(key);
    if (!p) {
        p = make();
        memo.set(key, p);
    }
    return p;
}

/** The fixture program captured as stack `dev` of project `fixture`. */
export function fixtureCapture(): Promise<Capture> {
    return once("fixture", () =>
        captureProgram({ project: "fixture", stack: "dev", programDir: FIXTURE_PROGRAM, config: { ...FIXTURE_CONFIG }, secretPlaceholders: [] }),
    );
}

/** The baseline fixture program captured in one variant (see its index.ts). */
export function baselineCapture(variant: "prod" | "dev"): Promise<Capture> {
    return once(`baseline:${variant}`, () =>
        captureProgram({ project: "fixture", stack: variant, programDir: BASELINE_PROGRAM, config: { "fixture:variant": variant }, secretPlaceholders: [] }),
    );
}

/** The graph of {@link baselineCapture}. */
export async function baselineGraph(variant: "prod" | "dev"): Promise<CapturedGraph> {
    return (await baselineCapture(variant)).graph;
}

/** The repo's stacks (`stacks/Pulumi.<stack>.yaml`). */
export function repoStacks(): string[] {
    return listStacks(REPO_ROOT);
}

/**
 * The real program captured for one of the repo's stacks, with that stack's config (secure values
 * as placeholders). Config validity is not checked here; the plan CLI does that.
 */
export function stackCapture(stack: string): Promise<Capture> {
    return once(`stack:${stack}`, () => {
        const { config, placeholders } = readStackConfig(stack, REPO_ROOT);
        return captureProgram({ project: PROJECT, stack, programDir: REPO_ROOT, config, secretPlaceholders: placeholders });
    });
}

/** The bootstrap project (bootstrap/Pulumi.yaml: stacks aws-dev, aws-prod, azure, gcp). */
export const BOOTSTRAP_ROOT = path.join(REPO_ROOT, "bootstrap");

/** The bootstrap program captured for one of its stacks (`aws-dev`, `aws-prod`, `azure`, `gcp`), with that stack's config. */
export function bootstrapCapture(stack: string): Promise<Capture> {
    return once(`bootstrap:${stack}`, () => {
        const { config, placeholders } = readStackConfig(stack, BOOTSTRAP_ROOT);
        return captureProgram({ project: projectNamespace(BOOTSTRAP_ROOT), stack, programDir: BOOTSTRAP_ROOT, config, secretPlaceholders: placeholders });
    });
}

/** The graph of {@link bootstrapCapture}. */
export async function bootstrapGraph(stack: string): Promise<CapturedGraph> {
    return (await bootstrapCapture(stack)).graph;
}

/**
 * The bootstrap graph's deploy identities: each zt:<cloud>:DeployIdentity, its descendants, and
 * the per-environment providers (`<cloud>-<env>`) they are declared with.
 */
export function deployIdentitySide(g: CapturedGraph): CapturedGraph["resources"] {
    const byUrn = new Map(g.resources.map((r) => [r.urn, r]));
    const under = (r: CapturedGraph["resources"][number] | undefined): boolean =>
        r !== undefined && (/^zt:[a-z]+:DeployIdentity$/.test(r.type) || (r.parent !== undefined && under(byUrn.get(r.parent))));
    return g.resources.filter((r) => under(r) || /^pulumi:providers:.+::(azure|gcp)-(dev|prod)$/.test(`${r.type}::${r.name}`));
}

/** The graph of {@link stackCapture}: what component and stack tests assert on. */
export async function stackGraph(stack: string): Promise<CapturedGraph> {
    return (await stackCapture(stack)).graph;
}

/** The graph of {@link fixtureCapture}. */
export async function fixtureGraph(): Promise<CapturedGraph> {
    return (await fixtureCapture()).graph;
}
