import { isPresent } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-ec2-no-ssh-key",
    displayName: "No SSH key pairs on instances",
    description: "No instance or launch template sets keyName, and the stack creates no EC2 key pairs.",
    rationale:
        "An EC2 key pair is a long-lived, shared private key that grants a root shell to every instance launched with it; it is never rotated and " +
        "its use is not tied to a person. Zero Trust shell access is per session and per identity: SSM Session Manager authorises each session with IAM " +
        "and logs it, and needs no key or open port.",
    severity: "medium",
    pillar: "network",
    nistTenets: [6, 3],
    cisaPillar: "Devices",
    cis: "5.4",
    remediationSteps:
        "Remove keyName from the aws.ec2.Instance or aws.ec2.LaunchTemplate and delete the aws.ec2.KeyPair. Use SSM Session Manager (or EC2 Instance " +
        "Connect, which pushes a one-time key per session) for shell access.",
    validateResource: (args, report) => {
        if (args.type === "aws:ec2/keyPair:KeyPair") {
            report("This EC2 key pair is a long-lived SSH credential: delete it and use SSM Session Manager for shell access.");
            return;
        }
        if (args.type !== "aws:ec2/instance:Instance" && args.type !== "aws:ec2/launchTemplate:LaunchTemplate") {
            return args.notApplicable(`${args.type} is not an instance, launch template or key pair`);
        }
        // Any key name, even one unknown during preview, installs a key.
        if (isPresent(readRaw(args.props, ["keyName"]))) {
            const what = args.type === "aws:ec2/instance:Instance" ? "instance" : "launch template";
            report(`This ${what} sets keyName, which installs a long-lived SSH key: remove it and use SSM Session Manager for shell access.`);
        }
    },
});
