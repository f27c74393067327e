/**
 * zt:aws:Detection — GuardDuty with every protection plan this landing zone can use, and Security
 * Hub scoring the account against AWS Foundational Security Best Practices and CIS 3.0.
 */
import * as pulumi from "@pulumi/pulumi";
import * as guardduty from "@pulumi/aws/guardduty";
import * as securityhub from "@pulumi/aws/securityhub";
import { GUARDDUTY_FEATURES, securityHubStandards } from "./visibility-patterns";

export interface DetectionArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    /** Standards ARNs are regional. */
    region: string;
    /** Protect the detector from deletion: deleting it discards its findings. */
    protect: boolean;
}

export class Detection extends pulumi.ComponentResource {
    readonly detectorId: pulumi.Output<string>;

    constructor(name: string, args: DetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Detection", name, {}, opts);

        // Protection plans are DetectorFeatures; the detector's `datasources` block is deprecated.
        const detector = new guardduty.Detector(`${name}-guardduty`, {
            enable: true,
            // The quarantine response is only as fast as the findings it is sent (default: 6 hours).
            findingPublishingFrequency: "FIFTEEN_MINUTES",
            tags: { Name: `${args.namePrefix}-guardduty` },
        }, { parent: this, protect: args.protect });

        for (const [key, feature] of Object.entries(GUARDDUTY_FEATURES)) {
            new guardduty.DetectorFeature(`${name}-guardduty-${key}`, {
                detectorId: detector.id,
                name: feature.name,
                status: "ENABLED",
                ...(feature.additionalConfigurations ? { additionalConfigurations: feature.additionalConfigurations } : {}),
            }, { parent: this });
        }

        const hub = new securityhub.Account(`${name}-securityhub`, {
            // Standards are subscribed explicitly below, so the plan shows exactly which.
            enableDefaultStandards: false,
            controlFindingGenerator: "SECURITY_CONTROL",
            autoEnableControls: true,
        }, { parent: this });

        for (const [key, standardsArn] of Object.entries(securityHubStandards(args.region))) {
            new securityhub.StandardsSubscription(`${name}-standard-${key}`, { standardsArn }, { parent: this, dependsOn: [hub] });
        }

        this.detectorId = detector.id;
        this.registerOutputs({ detectorId: this.detectorId });
    }
}
