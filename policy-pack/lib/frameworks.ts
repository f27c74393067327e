/**
 * The frameworks every rule maps to. Kept as closed string unions so that a typo in a rule's
 * metadata is a compile error, not a silently wrong row in docs/policies.md.
 */

/** Our pillar folders (rules/<pillar>/). "governance" holds rules about the pack itself. */
export const PILLARS = ["identity", "network", "data", "workload", "visibility", "governance"] as const;
export type Pillar = (typeof PILLARS)[number];

/**
 * NIST SP 800-207 section 2.1 tenets, by number:
 * 1 all data sources and computing services are resources; 2 all communication is secured
 * regardless of location; 3 access is granted per session; 4 access is decided by dynamic policy;
 * 5 the enterprise monitors the integrity and posture of all assets; 6 authentication and
 * authorization are dynamic and strictly enforced; 7 the enterprise collects as much information
 * as possible to improve its posture.
 */
export type NistTenet = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const NIST_TENETS: Record<NistTenet, string> = {
    1: "All data sources and computing services are considered resources",
    2: "All communication is secured regardless of network location",
    3: "Access to individual resources is granted on a per-session basis",
    4: "Access to resources is determined by dynamic policy",
    5: "The enterprise monitors and measures the integrity and security posture of all assets",
    6: "All resource authentication and authorization are dynamic and strictly enforced",
    7: "The enterprise collects information about assets, network and communications to improve its posture",
};

/** CISA Zero Trust Maturity Model v2: the five pillars and the three cross-cutting capabilities. */
export const CISA_PILLARS = [
    "Identity",
    "Devices",
    "Networks",
    "Applications and Workloads",
    "Data",
    "Visibility and Analytics",
    "Automation and Orchestration",
    "Governance",
] as const;
export type CisaPillar = (typeof CISA_PILLARS)[number];

/** A CIS Critical Security Controls v8 safeguard id, e.g. "3.11". */
export type CisSafeguard = `${number}.${number}`;

/** The cloud CIS Benchmarks a rule may cite a recommendation of, by the benchmark's own name and version. */
export const CIS_BENCHMARKS = ["Microsoft Azure Foundations v3.0.0", "Google Cloud Platform Foundation v3.0.0", "Kubernetes v1.10.0"] as const;
export type CisBenchmarkName = (typeof CIS_BENCHMARKS)[number];
/** A recommendation of a cloud CIS Benchmark, e.g. section "7.1" of the Azure Foundations benchmark. */
export interface CisRecommendation {
    benchmark: CisBenchmarkName;
    /** Dotted section number, e.g. "3.3.5". */
    section: string;
}

/** The CIS references of a rule as people read them: the Controls safeguard, then the benchmark recommendation. */
export function cisLabels(cis: CisSafeguard | undefined, benchmark: CisRecommendation | undefined): string[] {
    return [...(cis ? [`CIS Controls v8 ${cis}`] : []), ...(benchmark ? [`CIS ${benchmark.benchmark} ${benchmark.section}`] : [])];
}

/** The tag strings a rule carries, in a fixed order so the docs and the CLI show the same thing. */
export function frameworkTags(tenets: readonly NistTenet[], cisa: CisaPillar, cis: readonly string[]): string[] {
    const tags = tenets.map((t) => `NIST SP 800-207 tenet ${t}`);
    tags.push(`CISA ZTMM v2 ${cisa}`);
    tags.push(...cis);
    return tags;
}
