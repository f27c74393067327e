/**
 * zt:gcp:Network — a custom-mode VPC network with one regional subnetwork per tier (carved by the
 * CIDR planner, Private Google Access and VPC flow logs on each), a deny-by-default firewall keyed
 * by service account, private access to Google APIs through Private Service Connect, Cloud NAT
 * for the tiers that need the internet, and VPC Service Controls around the project.
 *
 * The default internet route is deleted on creation. Google APIs are reached at a private address
 * in the services block (./network-layout.ts) that private DNS resolves their names to
 * (./network-private-access.ts); the internet only through Cloud NAT, on a route scoped to the
 * egress tag (./network-egress.ts). Who may talk to whom is one VPC firewall rule per flow,
 * ingress and purpose (./network-firewall.ts), every one logged.
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import type { Flow, Ingress } from "../../config/schema";
import { gcpNames } from "./names";
import { natEgress } from "./network-egress";
import { firewallRules, type FirewallSpec } from "./network-firewall";
import { assertNameFits, servicesLayout, tierCidrs } from "./network-layout";
import { servicePerimeter } from "./network-perimeter";
import { privateGoogleAccess } from "./network-private-access";

export interface GcpNetworkArgs {
    project: string;
    region: string;
    /** The network's private range. CAUTION: changing it replaces every subnetwork. */
    addressSpace: string;
    tierPrefixLength: number;
    subnetPrefixLength: number;
    /**
     * Tier name → slot, and whether internet ingress may target it (`edge`, default false). Keyed by
     * name, so adding a tier never moves another's subnetwork. CAUTION: changing a slot replaces the tier's subnetwork.
     */
    tiers: Record<string, { slot: number; edge?: boolean }>;
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    /** Fraction of flows sampled into VPC flow logs, 0 to 1. Default: 1 (every flow); lower it only to cut cost. */
    flowLogSampling?: number;
    /** The project's number: the VPC-SC perimeter names the project by it. */
    projectNumber: pulumi.Input<string>;
    /** Allowed tier-to-tier flows; everything else is denied. */
    flows: Flow[];
    /** Internet ingress into edge tiers (through Google's load balancers). Empty: nothing from outside reaches any tier. */
    ingress: Ingress[];
    /** Tier → the service account its VMs run as: the firewall's sources and targets. */
    tierServiceAccounts: Record<string, pulumi.Input<string>>;
    /** Tier slot of the Google services block (PSC endpoint, GKE control plane); no tier uses it. CAUTION: changing it replaces both. */
    servicesSlot: number;
    /** Cloud Router with Cloud NAT: the only internet egress. Off: no route to the internet exists at all. */
    nat: { enabled: boolean };
    /** VPC Service Controls: a perimeter around the project, dry run or enforced, with an access level for trusted ranges. Default: none. */
    vpcServiceControls?: { accessPolicy: string; dryRun: boolean; restrictedServices: string[]; trustedRanges: string[] };
    /** Secondary ranges for GKE on the cluster tier's subnetwork, when a cluster is built. Default: none. */
    clusterRanges?: { pods: string; services: string };
    /** The tier whose subnetwork hosts GKE (secondary ranges, control-plane egress). Default: "app", the tier the composition gives the cluster. */
    clusterTier?: string;
    /**
     * Tiers whose VMs may open HTTPS to the internet through Cloud NAT (only when NAT is on). Default:
     * the cluster tier alone: its nodes pull images and updates from outside Google. The edge tier
     * answers through Google's load balancers and the data tier never needs the internet.
     */
    internetEgressTiers?: string[];
    /**
     * Principals admitted into the perimeter from anywhere, to every restricted service. Default: the
     * deploy service account (`serviceAccount:<prefix>-<env>-deploy@…`), so the pipeline can still
     * deploy once the perimeter is enforced. Empty: only the access level admits outside callers.
     */
    perimeterIngressIdentities?: pulumi.Input<string>[];
}

export class GcpNetwork extends pulumi.ComponentResource {
    readonly networkId: pulumi.Output<string>;
    /** Tier → `{ regional: subnetwork id }`, the same shape as the zonal clouds. */
    readonly subnetIds: Record<string, Record<string, pulumi.Output<string>>>;
    readonly tierCidrs: Record<string, string>;
    /** Names of the cluster subnet's secondary ranges for GKE pods and services. */
    readonly clusterRangeNames: { pods: string; services: string };
    /** The /28 in the services block the GKE control plane's private endpoint takes. */
    readonly controlPlaneCidr: string;
    /** The Private Service Connect endpoint's address, which *.googleapis.com, *.gcr.io and *.pkg.dev resolve to. */
    readonly pscAddress: string;
    /** The firewall rules' names, by key. */
    readonly firewallRuleNames: Record<string, string> = {};
    /** The network tag instances need for the NAT route (GKE: nodeConfig.tags); undefined when NAT is off. */
    readonly internetEgressTag?: string;
    /** Full name of the VPC-SC perimeter; undefined without VPC Service Controls. */
    readonly perimeterName?: string;

    constructor(name: string, args: GcpNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Network", name, {}, opts);
        const child = { parent: this };
        const p = args.namePrefix;
        const names = gcpNames(p, args.project, args.region);
        const clusterTier = args.clusterTier ?? "app";
        const services = servicesLayout(args.addressSpace, args.tierPrefixLength, args.servicesSlot);
        this.tierCidrs = tierCidrs(args);
        this.controlPlaneCidr = services.controlPlaneCidr;
        this.pscAddress = services.pscAddress;
        this.clusterRangeNames = { pods: "pods", services: "services" };
        const specs = firewallRules({
            tiers: args.tiers,
            tierCidrs: this.tierCidrs,
            flows: args.flows,
            ingress: args.ingress,
            pscAddress: services.pscAddress,
            internetTiers: args.nat.enabled ? args.internetEgressTiers ?? [clusterTier] : [],
            cluster: args.clusterRanges && { tier: clusterTier, podCidr: args.clusterRanges.pods, controlPlaneCidr: services.controlPlaneCidr },
        });
        const missing = Object.keys(args.tiers).filter((t) => args.tierServiceAccounts[t] === undefined);
        if (missing.length > 0) throw new Error(`zt:gcp:Network: no service account for tier(s) ${missing.join(", ")}; the firewall targets tiers by service account`);

        const net = new compute.Network(`${name}-vpc`, {
            name: names.network,
            project: args.project,
            autoCreateSubnetworks: false,
            routingMode: "REGIONAL",
            deleteDefaultRoutesOnCreate: true,
        }, child);

        this.subnetIds = {};
        for (const [tier, cidr] of Object.entries(this.tierCidrs)) {
            const subnet = new compute.Subnetwork(`${name}-${tier}`, {
                name: `${p}-${tier}`,
                project: args.project,
                region: args.region,
                network: net.id,
                ipCidrRange: cidr,
                stackType: "IPV4_ONLY",
                // Google APIs stay reachable without a public IP or internet route (PSC endpoints need it too).
                privateIpGoogleAccess: true,
                logConfig: {
                    aggregationInterval: "INTERVAL_5_SEC",
                    flowSampling: args.flowLogSampling ?? 1,
                    metadata: "INCLUDE_ALL_METADATA",
                },
                ...(args.clusterRanges && tier === clusterTier ? {
                    secondaryIpRanges: [
                        { rangeName: this.clusterRangeNames.pods, ipCidrRange: args.clusterRanges.pods },
                        { rangeName: this.clusterRangeNames.services, ipCidrRange: args.clusterRanges.services },
                    ],
                } : {}),
            }, child);
            this.subnetIds[tier] = { regional: subnet.id };
        }

        privateGoogleAccess(name, {
            namePrefix: p,
            project: args.project,
            region: args.region,
            networkId: net.id,
            pscAddress: services.pscAddress,
            // With a perimeter, only the restricted VIP's bundle: APIs outside VPC-SC are unreachable, so no exfiltration path through them.
            bundle: args.vpcServiceControls ? "vpc-sc" : "all-apis",
        }, this);

        const account = (tier: string) => args.tierServiceAccounts[tier];
        for (const spec of specs) {
            new compute.Firewall(`${name}-fw-${spec.key}`, firewallArgs(spec, { namePrefix: p, project: args.project, network: net.id, account }), child);
            this.firewallRuleNames[spec.key] = `${p}-${spec.key}`;
        }

        if (args.nat.enabled) {
            const natTiers = args.internetEgressTiers ?? [clusterTier];
            natEgress(name, {
                namePrefix: p,
                project: args.project,
                region: args.region,
                networkId: net.id,
                subnetworks: Object.fromEntries(natTiers.map((t) => [t, this.subnetIds[t]["regional"]])),
                egressTag: names.internetEgressTag,
            }, this);
            this.internetEgressTag = names.internetEgressTag;
        }

        const vpcSc = args.vpcServiceControls;
        if (vpcSc) {
            this.perimeterName = servicePerimeter(name, {
                namePrefix: p,
                projectNumber: args.projectNumber,
                accessPolicy: vpcSc.accessPolicy,
                dryRun: vpcSc.dryRun,
                restrictedServices: vpcSc.restrictedServices,
                trustedRanges: vpcSc.trustedRanges,
                ingressIdentities: args.perimeterIngressIdentities ?? [`serviceAccount:${names.deployAccountEmail}`],
            }, this);
        }

        this.networkId = net.id;
        this.registerOutputs({
            networkId: this.networkId,
            subnetIds: this.subnetIds,
            tierCidrs: this.tierCidrs,
            clusterRangeNames: this.clusterRangeNames,
            controlPlaneCidr: this.controlPlaneCidr,
            pscAddress: this.pscAddress,
            firewallRuleNames: this.firewallRuleNames,
            internetEgressTag: this.internetEgressTag,
            perimeterName: this.perimeterName,
        });
    }
}

/** A rule spec as Firewall args: tiers become their service accounts; every rule logs with full metadata. */
export function firewallArgs(spec: FirewallSpec, ctx: { namePrefix: string; project: string; network: pulumi.Input<string>; account: (tier: string) => pulumi.Input<string> }): compute.FirewallArgs {
    const rule = { protocol: spec.protocol, ...(spec.ports ? { ports: spec.ports } : {}) };
    return {
        name: assertNameFits(`${ctx.namePrefix}-${spec.key}`, "firewall rule"),
        project: ctx.project,
        network: ctx.network,
        description: spec.description,
        direction: spec.direction,
        priority: spec.priority,
        ...(spec.action === "allow" ? { allows: [rule] } : { denies: [rule] }),
        ...(spec.sourceRanges ? { sourceRanges: spec.sourceRanges } : {}),
        ...(spec.destinationRanges ? { destinationRanges: spec.destinationRanges } : {}),
        ...(spec.sourceTiers ? { sourceServiceAccounts: spec.sourceTiers.map(ctx.account) } : {}),
        ...(spec.targetTiers ? { targetServiceAccounts: spec.targetTiers.map(ctx.account) } : {}),
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
    };
}
