import { asBool, isPresent, listOf } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { formatPath, readKnown, readRaw } from "../../lib/props";

/** The EBS blocks each type declares, as property paths. */
function volumesOf(type: string, props: Record<string, unknown>): (string | number)[][] | undefined {
    switch (type) {
        case "aws:ebs/volume:Volume":
            return [[]];
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return listOf(readKnown(props, ["blockDeviceMappings"]))
                .map((m, i) => ({ m: m as Record<string, unknown>, i }))
                .filter(({ m }) => m && typeof m === "object" && readRaw(m, ["ebs"]) !== undefined)
                .map(({ i }) => ["blockDeviceMappings", i, "ebs"]);
        case "aws:ec2/instance:Instance": {
            const paths: (string | number)[][] = [];
            if (readKnown(props, ["rootBlockDevice"]) !== undefined) {
                paths.push(["rootBlockDevice"]);
            }
            listOf(readKnown(props, ["ebsBlockDevices"])).forEach((_, i) => paths.push(["ebsBlockDevices", i]));
            return paths;
        }
        default:
            return undefined;
    }
}

export default defineRule({
    id: "zt-aws-ec2-ebs-encrypted",
    displayName: "EBS volumes are encrypted with a customer managed key",
    description: "Every EBS volume, instance block device and launch-template EBS mapping sets encrypted with a kmsKeyId.",
    rationale:
        "Unencrypted volumes and their snapshots can be copied and read by anyone who gets snapshot or volume access, including through a shared or " +
        "public snapshot. Encrypting with the landing zone's EBS key (not the AWS managed aws/ebs key) means reading the data also needs kms:Decrypt " +
        "on a key whose policy the organization controls, audited in CloudTrail, and lets access be revoked by key policy.",
    severity: "high",
    pillar: "network",
    nistTenets: [1, 2],
    cisaPillar: "Devices",
    cis: "3.11",
    remediationSteps:
        'Set encrypted: true (the string "true" in a launch template\'s blockDeviceMappings[].ebs) and kmsKeyId to the landing zone\'s EBS key ' +
        "(zt:aws:Data keyArns.ebs). Also enable aws.ebs.EncryptionByDefault with that key as aws.ebs.DefaultKmsKey for volumes created outside the code.",
    validateResource: (args, report) => {
        const volumes = volumesOf(args.type, args.props);
        if (!volumes) {
            return args.notApplicable(`${args.type} declares no EBS volumes`);
        }
        for (const path of volumes) {
            const at = (field: string) => [...path.map(String), field];
            const name = path.length === 0 ? "This EBS volume" : formatPath(path);
            if (asBool(readKnown(args.props, at("encrypted"))) !== true) {
                report(`${name} is not encrypted: set encrypted to true and kmsKeyId to the landing zone's EBS key.`);
            } else if (!isPresent(readRaw(args.props, at("kmsKeyId")))) {
                // A key ARN unknown during preview will be set; only a missing one falls back to the AWS managed key.
                report(`${name} is encrypted with the AWS managed aws/ebs key: set kmsKeyId to the landing zone's EBS key, whose policy the organization controls.`);
            }
        }
    },
});
