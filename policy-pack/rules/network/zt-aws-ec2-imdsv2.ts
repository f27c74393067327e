import { asNumber, isPresent } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown, readRaw } from "../../lib/props";

export interface Imdsv2Config {
    /** Largest httpPutResponseHopLimit allowed. */
    maxHopLimit: number;
}

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const INSTANCE = "aws:ec2/instance:Instance";

export default defineRule<Imdsv2Config>({
    id: "zt-aws-ec2-imdsv2",
    displayName: "Instances require IMDSv2",
    description: 'Launch templates and instances set metadataOptions.httpTokens "required" and, when set, an httpPutResponseHopLimit of at most 2.',
    rationale:
        "The instance metadata service hands out the instance role's credentials. IMDSv1 answers any GET, so a server-side request forgery in any " +
        "application on the instance leaks them; IMDSv2 requires a session token obtained with a PUT, which such bugs cannot forge. A small hop " +
        "limit keeps the token from being relayed off the host (2 lets containers on the instance still use it).",
    severity: "high",
    pillar: "network",
    nistTenets: [6, 2],
    cisaPillar: "Devices",
    cis: "4.8",
    remediationSteps:
        'Set metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 } on the aws.ec2.LaunchTemplate or ' +
        'aws.ec2.Instance (or httpEndpoint: "disabled" if nothing on the instance needs metadata). An instance launched from a template inherits the template\'s setting.',
    configSchema: {
        properties: {
            maxHopLimit: { type: "integer", minimum: 1, maximum: 64, default: 2, description: "Largest httpPutResponseHopLimit allowed (1 blocks containers, 2 allows them)." },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== LAUNCH_TEMPLATE && args.type !== INSTANCE) {
            return args.notApplicable(`${args.type} is not a launch template or instance`);
        }
        const options = readKnown(args.props, ["metadataOptions"]);
        if (args.type === INSTANCE && options === undefined && isPresent(readRaw(args.props, ["launchTemplate"]))) {
            return args.notApplicable("the instance takes its metadata options from its launch template");
        }
        if (readKnown(args.props, ["metadataOptions", "httpEndpoint"]) === "disabled") {
            return;
        }
        const tokens = readKnown(args.props, ["metadataOptions", "httpTokens"]);
        if (tokens !== "required") {
            const now = typeof tokens === "string" && tokens !== "" ? `is "${tokens}"` : "is not set, which leaves IMDSv1 available";
            report(`metadataOptions.httpTokens ${now}: set it to "required" so the metadata service answers only IMDSv2 session requests.`);
        }
        const hops = asNumber(readKnown(args.props, ["metadataOptions", "httpPutResponseHopLimit"]));
        if (hops !== undefined && hops > config.maxHopLimit) {
            report(`metadataOptions.httpPutResponseHopLimit is ${hops}: set it to ${config.maxHopLimit} or less so metadata tokens cannot be relayed off the instance.`);
        }
    },
});
