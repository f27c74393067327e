/**
 * zt:k8s:RuntimeDetection — Falco on every node (a DaemonSet from the falcosecurity/falco chart),
 * watching syscalls with the modern eBPF driver, its alerts as JSON in the cloud's log destination:
 * on stdout for the cluster's own log agent (GKE Cloud Logging, AKS Container Insights), or through
 * Falcosidekick to CloudWatch Logs (EKS), with a Pod Identity and no static AWS key.
 *
 * The falco namespace is the baseline's one PSA `privileged` namespace, on purpose: Falco's driver
 * loads eBPF programs into the host kernel and reads the host's /proc and container runtime
 * sockets, which needs a privileged container with hostPath mounts. That is the documented
 * exception to "no privileged pods"; Kyverno's policies skip the namespace (PLATFORM_NAMESPACES),
 * and nothing else runs there.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { objectArgs, PLATFORM_NAMESPACES } from "./labels";
import { platformNamespace } from "./namespaces";

export const FALCO_NAMESPACE = PLATFORM_NAMESPACES.runtime;
export const FALCO_CHART_REPO = "https://falcosecurity.github.io/charts";
/**
 * The Helm release name. The charts name every object after it (`falco.fullname` and
 * `falcosidekick.fullname` in their templates/_helpers.tpl), so it is fixed: the AWS side's Pod
 * Identity names the Falcosidekick ServiceAccount derived from it.
 */
export const FALCO_RELEASE_NAME = "falco";

/**
 * Falcosidekick's service account, which the AWS composition gives a Pod Identity to write CloudWatch Logs.
 * The falcosidekick subchart names it `falcosidekick.fullname`: `<release>-falcosidekick`, since the
 * release name `falco` does not contain the chart name (charts/falcosidekick/templates/rbac.yaml).
 */
export const FALCOSIDEKICK_SERVICE_ACCOUNT = { namespace: "falco", name: "falco-falcosidekick" } as const;

/** Pod annotation on Falco's pods naming what ships their alerts, for whoever reads an alert's source. */
export const ALERT_COLLECTOR_ANNOTATION = "zt.pulumi.com/alert-collector";

/** Where Falco's alerts go. */
export type FalcoOutput =
    /** JSON on stdout, shipped by the cluster's own log agent (GKE Cloud Logging, AKS Container Insights). */
    | { kind: "stdout"; collector: string }
    /** Falcosidekick writes to a CloudWatch Logs group with its Pod Identity (EKS). */
    | { kind: "cloudwatch"; region: string; logGroupName: pulumi.Input<string> };

export interface RuntimeDetectionArgs {
    labels: Record<string, string>;
    /** falcosecurity/falco chart version. */
    chartVersion: string;
    output: FalcoOutput;
}

/**
 * Falcosidekick's pods need no privilege at all (an HTTP server that forwards to an AWS API), so
 * they get the restricted profile even in the privileged namespace. The chart's own defaults only
 * set runAsUser/fsGroup 1234 (charts/falcosidekick/values.yaml); Helm merges these maps into them.
 */
const SIDEKICK_HARDENING = {
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: {
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
    },
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
};

/**
 * The falco chart's values (chart 9.x; keys from charts/falco/values.yaml and templates/_helpers.tpl):
 * - `driver.kind: modern_ebpf`: the CO-RE probe built into Falco, so no driver-loader init
 *   container downloads or compiles a kernel module or probe at start (`driverLoader.enabled` is
 *   false for it); chart 9.0 dropped the legacy probe, leaving kmod, modern_ebpf and auto
 *   (tests/unit/falcoTemplates/driverConfig_test.go). It needs a kernel ≥ 5.8 with BTF, which
 *   the clouds' default node images (AL2023, Azure Linux / Ubuntu 22.04+, COS) ship.
 * - `falco.json_output`: one JSON object per alert, which Cloud Logging and Container Insights
 *   parse into structured fields.
 * - stdout: Falcosidekick stays off; the node's log agent reads the container's stdout.
 * - cloudwatch: `falcosidekick.enabled` makes the chart set `falco.http_output` to
 *   `http://falco-falcosidekick:2801` itself (helper `falco.falcosidekickConfig`), so it is not
 *   repeated here. Sidekick's CloudWatch Logs output is on when `config.aws.cloudwatchlogs.loggroup`
 *   is set; with no `accesskeyid`/`secretaccesskey`/`rolearn` it uses the AWS SDK's default chain,
 *   where the EKS Pod Identity agent serves the credentials of FALCOSIDEKICK_SERVICE_ACCOUNT.
 *   Leaving `logstream` empty makes Sidekick create its own stream (the role needs
 *   logs:CreateLogStream and logs:PutLogEvents on the group).
 */
export function falcoValues(output: FalcoOutput): Record<string, unknown> {
    const common = { driver: { kind: "modern_ebpf" } };
    if (output.kind === "stdout") {
        return {
            ...common,
            podAnnotations: { [ALERT_COLLECTOR_ANNOTATION]: output.collector },
            falco: { json_output: true, stdout_output: { enabled: true } },
            falcosidekick: { enabled: false },
        };
    }
    return {
        ...common,
        podAnnotations: { [ALERT_COLLECTOR_ANNOTATION]: "falcosidekick" },
        falco: { json_output: true },
        falcosidekick: {
            enabled: true,
            ...SIDEKICK_HARDENING,
            config: {
                aws: {
                    region: output.region,
                    cloudwatchlogs: { loggroup: output.logGroupName },
                },
            },
        },
    };
}

export class RuntimeDetection extends pulumi.ComponentResource {
    /** The namespace Falco runs in. */
    readonly namespace: string;

    constructor(name: string, args: RuntimeDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:k8s:RuntimeDetection", name, {}, opts);

        // PSA privileged: see the file comment. Stated explicitly rather than left unlabelled.
        const namespace = new Namespace(`${name}-ns`, objectArgs(platformNamespace(FALCO_NAMESPACE, { labels: args.labels, podSecurity: "privileged" })), { parent: this });
        new Release(`${name}-falco`, {
            // An explicit release name: Pulumi would otherwise suffix it, and the charts name every
            // object (Falcosidekick's ServiceAccount included) after it.
            name: FALCO_RELEASE_NAME,
            chart: "falco",
            version: args.chartVersion,
            namespace: FALCO_NAMESPACE,
            repositoryOpts: { repo: FALCO_CHART_REPO },
            // The log group name may be an Output; Pulumi resolves Inputs nested in values.
            values: falcoValues(args.output),
            createNamespace: false,
        }, { parent: this, dependsOn: [namespace] });

        this.namespace = FALCO_NAMESPACE;
        this.registerOutputs({ namespace: this.namespace, output: args.output.kind });
    }
}
