/**
 * VPC Service Controls: a regular perimeter around the project, enforced (`status`) or dry run
 * (`spec` with `useExplicitDryRunSpec`, which records violations and blocks nothing), with an
 * access level admitting the trusted public ranges when there are any.
 *
 * Inside the perimeter, the VPC may call only the restricted services (vpcAccessibleServices), so
 * a workload cannot carry data out through an unrestricted API. Outside callers get in only through
 * the access level, or as one of the ingress identities: by default the deploy service account,
 * which the pipeline impersonates through Workload Identity Federation from GitHub's runners
 * (outside any perimeter), and which would otherwise lock itself out of every restricted API on the
 * first enforced deployment.
 */
import * as pulumi from "@pulumi/pulumi";
import * as accesscontextmanager from "@pulumi/gcp/accesscontextmanager";

/** Perimeter and access-level short names take letters, digits and underscores only. */
export function perimeterNames(namePrefix: string, accessPolicy: string) {
    const stem = namePrefix.replace(/[^A-Za-z0-9]/g, "_");
    return {
        policy: `accessPolicies/${accessPolicy}`,
        perimeter: `accessPolicies/${accessPolicy}/servicePerimeters/${stem}_perimeter`,
        perimeterTitle: `${stem}_perimeter`,
        accessLevel: `accessPolicies/${accessPolicy}/accessLevels/${stem}_trusted`,
        accessLevelTitle: `${stem}_trusted`,
    };
}

export interface PerimeterConfigInput {
    projectNumber: pulumi.Input<string>;
    restrictedServices: string[];
    accessLevels: pulumi.Input<string>[];
    /** IAM principals (`serviceAccount:<email>`) admitted from any source to every restricted service. */
    ingressIdentities: pulumi.Input<string>[];
}

/** The body shared by `status` (enforced) and `spec` (dry run). */
export function perimeterConfig(input: PerimeterConfigInput) {
    return {
        resources: [pulumi.interpolate`projects/${input.projectNumber}`],
        restrictedServices: [...input.restrictedServices],
        vpcAccessibleServices: { enableRestriction: true, allowedServices: [...input.restrictedServices] },
        ...(input.accessLevels.length > 0 ? { accessLevels: input.accessLevels } : {}),
        ...(input.ingressIdentities.length > 0 ? {
            ingressPolicies: [{
                title: "deploy pipeline",
                ingressFrom: { identities: input.ingressIdentities, sources: [{ accessLevel: "*" }] },
                ingressTo: { resources: ["*"], operations: [{ serviceName: "*" }] },
            }],
        } : {}),
    };
}

export interface PerimeterArgs {
    namePrefix: string;
    projectNumber: pulumi.Input<string>;
    accessPolicy: string;
    dryRun: boolean;
    restrictedServices: string[];
    trustedRanges: string[];
    ingressIdentities: pulumi.Input<string>[];
}

/** Declares `<name>-trusted-level` (when there are trusted ranges) and `<name>-perimeter` under `parent`; returns the perimeter's name. */
export function servicePerimeter(name: string, args: PerimeterArgs, parent: pulumi.Resource): string {
    const names = perimeterNames(args.namePrefix, args.accessPolicy);
    const levels: pulumi.Input<string>[] = [];
    if (args.trustedRanges.length > 0) {
        const level = new accesscontextmanager.AccessLevel(`${name}-trusted-level`, {
            parent: names.policy,
            name: names.accessLevel,
            title: names.accessLevelTitle,
            description: "Trusted public ranges (admins' offices, CI egress) allowed into the perimeter",
            basic: { conditions: [{ ipSubnetworks: [...args.trustedRanges] }] },
        }, { parent });
        levels.push(level.name);
    }
    const config = perimeterConfig({ projectNumber: args.projectNumber, restrictedServices: args.restrictedServices, accessLevels: levels, ingressIdentities: args.ingressIdentities });
    new accesscontextmanager.ServicePerimeter(`${name}-perimeter`, {
        parent: names.policy,
        name: names.perimeter,
        title: names.perimeterTitle,
        description: args.dryRun ? "Dry run: violations are logged, nothing is blocked" : "Enforced",
        perimeterType: "PERIMETER_TYPE_REGULAR",
        ...(args.dryRun ? { spec: config, useExplicitDryRunSpec: true } : { status: config }),
    }, { parent });
    return names.perimeter;
}
