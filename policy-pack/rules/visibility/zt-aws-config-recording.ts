import { defineRule } from "../../lib/define-rule";
import { awsResources, CompanionRef, companionsOf, NO_AWS_RESOURCES } from "../../lib/companions";
import { isUnknown, readRaw } from "../../lib/props";

const RECORDER = "aws:cfg/recorder:Recorder";
const DELIVERY_CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";
const RECORDER_STATUS = "aws:cfg/recorderStatus:RecorderStatus";
/** A status names its recorder by name; both default to "default" when unnamed. */
const STATUS_REF: CompanionRef = { property: "name", subjectIds: ["name"], defaultId: "default" };

export default defineRule({
    id: "zt-aws-config-recording",
    displayName: "AWS Config records every resource, including global ones",
    description:
        "Every stack with AWS resources has an AWS Config recorder for all supported resource types including global ones, a delivery channel, and a " +
        "recorder status with isEnabled true for that recorder.",
    rationale:
        "Zero Trust needs a current inventory of every asset and its configuration history: what existed, how it was set and who changed it, at any moment. " +
        "AWS Config is that record for AWS, and Security Hub's and Config's compliance checks read it. A recorder limited to chosen types misses whatever " +
        "nobody thought of, one without global types misses IAM, one without a delivery channel keeps no history, and a recorder without a started status " +
        "records nothing at all.",
    severity: "high",
    pillar: "visibility",
    nistTenets: [5, 7, 1],
    cisaPillar: "Visibility and Analytics",
    cis: "1.1",
    remediationSteps:
        "Add an aws.cfg.Recorder with recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } and a role with the AWS_ConfigRole managed policy, " +
        "an aws.cfg.DeliveryChannel delivering to the log archive bucket, and an aws.cfg.RecorderStatus with name set to the recorder's name and isEnabled: true " +
        "(dependsOn the delivery channel). In an organization, record global types in one region only.",
    validateStack: (args, report) => {
        if (awsResources(args.resources).length === 0) {
            return args.notApplicable(NO_AWS_RESOURCES);
        }
        const recorders = args.resources.filter((r) => r.type === RECORDER);
        if (recorders.length === 0) {
            report(
                "This stack has AWS resources but no AWS Config recorder: add an aws.cfg.Recorder with recordingGroup { allSupported: true, includeGlobalResourceTypes: true }, " +
                    "an aws.cfg.DeliveryChannel and an aws.cfg.RecorderStatus with isEnabled true.",
            );
            return;
        }
        for (const recorder of recorders) {
            // A recording group unknown during preview will be known at deployment; it is not evidence of a gap.
            const group = readRaw(recorder.props, ["recordingGroup"]);
            const allSupported = readRaw(recorder.props, ["recordingGroup", "allSupported"]);
            if (allSupported === false) {
                report("This AWS Config recorder records only selected resource types: set recordingGroup.allSupported to true (and remove resourceTypes and exclusions).", recorder.urn);
            }
            const global = readRaw(recorder.props, ["recordingGroup", "includeGlobalResourceTypes"]);
            if (global !== true && !isUnknown(global) && !isUnknown(group)) {
                report("This AWS Config recorder does not record global resource types such as IAM roles and policies: set recordingGroup.includeGlobalResourceTypes to true.", recorder.urn);
            }
            const statuses = companionsOf(args.resources, recorder, [RECORDER_STATUS], STATUS_REF);
            if (statuses.length === 0) {
                report("This AWS Config recorder is never started: add an aws.cfg.RecorderStatus with name set to the recorder's name and isEnabled true.", recorder.urn);
            } else if (!statuses.some((s) => readRaw(s.props, ["isEnabled"]) === true || isUnknown(readRaw(s.props, ["isEnabled"])))) {
                report("This AWS Config recorder is stopped: set isEnabled to true on its aws.cfg.RecorderStatus.", recorder.urn);
            }
        }
        if (!args.resources.some((r) => r.type === DELIVERY_CHANNEL)) {
            report("This stack has an AWS Config recorder but no delivery channel, so no configuration history is kept: add an aws.cfg.DeliveryChannel that delivers to the log archive bucket.", recorders[0].urn);
        }
    },
});
