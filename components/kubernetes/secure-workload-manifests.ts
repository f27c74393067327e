/**
 * The pure builder of the secure workload helper: a Deployment, a ClusterIP Service and (with more
 * than one replica) a PodDisruptionBudget, with every security setting of the baseline's pod rules
 * and Kyverno policies already in place, so a team that fills in image and port gets a pod that
 * PSA `restricted`, admission and the policy pack all accept.
 */
import type * as pulumi from "@pulumi/pulumi";
import { IMAGE_DIGEST } from "../../config/kubernetes";
import { TIER_LABEL, WORKLOAD_LABEL, type Manifest } from "./labels";

/** Container requests and limits. */
export interface ContainerResources {
    requests: { cpu: string; memory: string };
    limits: { cpu: string; memory: string };
}

export interface SecureWorkloadArgs {
    /** Namespace (the workload's tier). */
    namespace: string;
    /** Full image reference; pinned by digest in prod. */
    image: pulumi.Input<string>;
    /** Container and Service port. */
    port: number;
    /** Default: 2. */
    replicas?: number;
    /** The workload's ServiceAccount (created by the baseline). Default: the component's name. */
    serviceAccountName?: string;
    /** The tier label value. Default: the namespace. */
    tier?: string;
    /** The landing zone's labels. */
    labels: Record<string, string>;
    /** Extra pod labels (cloud workload identity). Default: none. */
    podLabels?: Record<string, string>;
    /** Default: requests 100m/128Mi, limits 500m/512Mi. */
    resources?: ContainerResources;
    /** Mount the ServiceAccount token. Default: false (only workloads that call the Kubernetes API need it). */
    mountServiceAccountToken?: boolean;
    /**
     * The port's application protocol, which names the ports `http`/`tcp` and sets the Service's
     * `appProtocol`, so Istio applies HTTP rules (methods) or treats the stream as opaque TCP.
     * Default: unstated; the port is named `app` and the mesh detects HTTP by sniffing, which
     * misreads server-first protocols (e.g. MySQL): state `tcp` for those.
     */
    appProtocol?: "http" | "tcp";
}

export const DEFAULT_REPLICAS = 2;
export const DEFAULT_RESOURCES: ContainerResources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } };
/**
 * The UID/GID the pod runs as: 65532 is `nonroot` in distroless and Chainguard images, so their
 * files are readable; any image runs as it, since none may need root.
 */
export const NONROOT_ID = 65532;
/** The writable scratch directory: readOnlyRootFilesystem otherwise breaks most runtimes (temp files, JIT caches). */
export const SCRATCH = { volume: "tmp", mountPath: "/tmp", sizeLimit: "64Mi" } as const;

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface SecureWorkloadManifests {
    deployment: Manifest;
    service: Manifest;
    /** Absent with one replica: minAvailable 1 would then block every node drain. */
    disruptionBudget?: Manifest;
}

/**
 * `IfNotPresent` for a digest (content-addressed, so a cached copy is the same image); `Always` for a
 * tag, which may have moved, or for a reference not known yet. Pulling adds no authorization here:
 * registry credentials are the node's (ECR node role, AKS kubelet identity, GKE node SA), not the pod's.
 */
export function imagePullPolicy(image: pulumi.Input<string>): "IfNotPresent" | "Always" {
    return typeof image === "string" && IMAGE_DIGEST.test(image) ? "IfNotPresent" : "Always";
}

/** The Deployment, Service and PodDisruptionBudget of workload `name` (all named `name`). */
export function secureWorkloadManifests(name: string, args: SecureWorkloadArgs): SecureWorkloadManifests {
    const errors: string[] = [];
    if (!DNS_LABEL.test(name)) errors.push(`name "${name}" is not a DNS label (lowercase letters, digits, hyphens; at most 63)`);
    if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) errors.push(`port ${args.port} is not in 1–65535`);
    const replicas = args.replicas ?? DEFAULT_REPLICAS;
    if (!Number.isInteger(replicas) || replicas < 1) errors.push(`replicas ${replicas} is not a positive integer`);
    if (errors.length > 0) throw new Error(`zt:k8s:SecureWorkload ${name}: ${errors.join("; ")}`);

    const namespace = args.namespace;
    const tier = args.tier ?? namespace;
    const selector = { [WORKLOAD_LABEL]: name };
    // The workload and tier labels are written last: network policies and mesh rules select on
    // them, so a caller's label of the same key must not move the pod out of (or into) a policy.
    const objectLabels = { ...args.labels, [WORKLOAD_LABEL]: name, [TIER_LABEL]: tier };
    const podLabels = { ...args.labels, ...args.podLabels, [WORKLOAD_LABEL]: name, [TIER_LABEL]: tier };
    const portName = args.appProtocol ?? "app";
    const resources = args.resources ?? DEFAULT_RESOURCES;

    const container = {
        name,
        image: args.image,
        imagePullPolicy: imagePullPolicy(args.image),
        ports: [{ name: portName, containerPort: args.port, protocol: "TCP" }],
        securityContext: {
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        resources: {
            requests: { cpu: resources.requests.cpu, memory: resources.requests.memory },
            limits: { cpu: resources.limits.cpu, memory: resources.limits.memory },
        },
        volumeMounts: [{ name: SCRATCH.volume, mountPath: SCRATCH.mountPath }],
        // TCP on the port: the one probe that fits any server. Readiness keeps a pod out of the
        // Service until it accepts connections; liveness restarts one that stopped accepting.
        readinessProbe: { tcpSocket: { port: portName }, periodSeconds: 10 },
        livenessProbe: { tcpSocket: { port: portName }, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 },
    };

    // Spread over zones first (one zone's loss), then nodes; ScheduleAnyway so a single-zone dev
    // cluster or a zone short of capacity still schedules every replica.
    const spread = (topologyKey: string) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } });

    const deployment: Manifest = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace, labels: objectLabels },
        spec: {
            replicas,
            selector: { matchLabels: selector },
            // A new pod is ready before an old one goes, so a rollout never drops below `replicas`.
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
            template: {
                metadata: { labels: podLabels },
                spec: {
                    serviceAccountName: args.serviceAccountName ?? name,
                    automountServiceAccountToken: args.mountServiceAccountToken ?? false,
                    // No `<SERVICE>_HOST`/`_PORT` variables for every Service in the namespace: they
                    // hand the namespace's topology to the process and can collide with its own settings.
                    enableServiceLinks: false,
                    securityContext: {
                        runAsNonRoot: true,
                        runAsUser: NONROOT_ID,
                        runAsGroup: NONROOT_ID,
                        fsGroup: NONROOT_ID,
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    containers: [container],
                    volumes: [{ name: SCRATCH.volume, emptyDir: { sizeLimit: SCRATCH.sizeLimit } }],
                    topologySpreadConstraints: [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")],
                },
            },
        },
    };

    const service: Manifest = {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace, labels: objectLabels },
        spec: {
            // Inside the cluster only: exposure goes through the landing zone's ingress path, never a
            // LoadBalancer or NodePort of a workload's own.
            type: "ClusterIP",
            selector,
            ports: [{ name: portName, port: args.port, targetPort: portName, protocol: "TCP", ...(args.appProtocol ? { appProtocol: args.appProtocol } : {}) }],
        },
    };

    const disruptionBudget: Manifest | undefined = replicas > 1
        ? {
              apiVersion: "policy/v1",
              kind: "PodDisruptionBudget",
              metadata: { name, namespace, labels: objectLabels },
              spec: {
                  minAvailable: 1,
                  selector: { matchLabels: selector },
                  // A pod that is not Ready serves nothing; evicting it must not block a node drain.
                  unhealthyPodEvictionPolicy: "AlwaysAllow",
              },
          }
        : undefined;

    return disruptionBudget ? { deployment, service, disruptionBudget } : { deployment, service };
}
