/**
 * zt:aws:ConfigRecording — AWS Config records every resource (global ones included), delivers
 * snapshots to the log archive, and evaluates the managed rules that back the pack's controls
 * after deployment: the pack checks what is declared, Config checks what actually exists.
 */
import * as pulumi from "@pulumi/pulumi";
import * as cfg from "@pulumi/aws/cfg";
import * as iam from "@pulumi/aws/iam";
import { CONFIG_RULES, ruleSlug } from "./visibility-patterns";
import { AWS_CONFIG_ROLE_POLICY_ARN, LOG_ARCHIVE_PREFIXES, configDeliveryPolicy } from "./visibility-policies";
import { serviceTrustPolicy } from "./policy-statements";

export interface ConfigRecordingArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    accountId: pulumi.Input<string>;
    /** The log archive bucket (name and ARN). */
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    /** The archive's bucket policy: Config checks on creation that it may deliver. */
    archivePolicy: pulumi.Resource;
    /** Key the snapshots are encrypted with. */
    logsKeyArn: pulumi.Input<string>;
    /** Boundary the recorder role carries. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** How often configuration snapshots are delivered. Default: "TwentyFour_Hours". */
    snapshotFrequency?: string;
}

export class ConfigRecording extends pulumi.ComponentResource {
    readonly recorderName: pulumi.Output<string>;

    constructor(name: string, args: ConfigRecordingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:ConfigRecording", name, {}, opts);
        const parent = { parent: this };

        const role = new iam.Role(`${name}-role`, {
            name: `${args.namePrefix}-config-recorder`,
            description: "AWS Config reads resource configurations and delivers them to the log archive.",
            // Only Config acting for this account may assume it (confused-deputy guard).
            assumeRolePolicy: pulumi.jsonStringify(serviceTrustPolicy("config.amazonaws.com", { StringEquals: { "aws:SourceAccount": args.accountId } })),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: { Name: `${args.namePrefix}-config-recorder` },
        }, parent);

        const readAccess = new iam.RolePolicyAttachment(`${name}-role-config`, {
            role: role.name,
            policyArn: AWS_CONFIG_ROLE_POLICY_ARN,
        }, parent);

        const deliveryAccess = new iam.RolePolicy(`${name}-role-delivery`, {
            role: role.id,
            name: "deliver-to-log-archive",
            policy: configDeliveryPolicy(args.bucketArn, args.accountId, args.logsKeyArn),
        }, parent);

        const recorder = new cfg.Recorder(`${name}-recorder`, {
            name: `${args.namePrefix}-recorder`,
            roleArn: role.arn,
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        }, { parent: this, dependsOn: [readAccess] });

        const channel = new cfg.DeliveryChannel(`${name}-delivery`, {
            name: `${args.namePrefix}-delivery`,
            s3BucketName: args.bucketName,
            s3KeyPrefix: LOG_ARCHIVE_PREFIXES.config,
            s3KmsKeyArn: args.logsKeyArn,
            snapshotDeliveryProperties: { deliveryFrequency: args.snapshotFrequency ?? "TwentyFour_Hours" },
        }, { parent: this, dependsOn: [recorder, deliveryAccess, args.archivePolicy] });

        const status = new cfg.RecorderStatus(`${name}-status`, {
            name: recorder.name,
            isEnabled: true,
        }, { parent: this, dependsOn: [channel] });

        for (const [identifier, description] of Object.entries(CONFIG_RULES)) {
            new cfg.Rule(`${name}-${ruleSlug(identifier)}`, {
                name: `${args.namePrefix}-${ruleSlug(identifier)}`,
                description,
                source: { owner: "AWS", sourceIdentifier: identifier },
            }, { parent: this, dependsOn: [status] });
        }

        this.recorderName = recorder.name;
        this.registerOutputs({ recorderName: this.recorderName });
    }
}
