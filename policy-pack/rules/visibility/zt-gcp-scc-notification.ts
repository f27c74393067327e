import { defineRule } from "../../lib/define-rule";
import { isPresent } from "../../lib/aws-props";
import { gcpResources, NO_GCP_RESOURCES } from "../../lib/companions";
import { SCC_NOTIFICATION_TYPES } from "../../lib/gcp-logging";
import { readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-scc-notification",
    displayName: "Security Command Center findings are published to Pub/Sub",
    description:
        "Every stack with GCP resources has a Security Command Center notification config (securitycenter NotificationConfig, V2OrganizationNotificationConfig, " +
        "or a folder or project one) with pubsubTopic set.",
    rationale:
        "Security Command Center finds misconfigurations, vulnerabilities and threats (Event Threat Detection, Container Threat Detection) across the " +
        "organization, but a finding only shown in the console waits for someone to look. A notification config streams every new or changed finding to " +
        "a Pub/Sub topic within minutes, where the SIEM, chat alerts and automated response subscribe: detection wired to response, instead of a dashboard.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [5, 7],
    cisaPillar: "Visibility and Analytics",
    cis: "13.1",
    remediationSteps:
        "Add a gcp.securitycenter.V2OrganizationNotificationConfig (or V2ProjectNotificationConfig) with pubsubTopic set to the findings topic " +
        '(projects/<project>/topics/<name>, encrypted per zt-gcp-pubsub-cmek) and streamingConfig: { filter: "state = \\"ACTIVE\\"" }, ' +
        "and grant roles/pubsub.publisher on the topic to the SCC service account.",
    validateStack: (args, report) => {
        if (gcpResources(args.resources).length === 0) {
            return args.notApplicable(NO_GCP_RESOURCES);
        }
        const configs = args.resources.filter((r) => SCC_NOTIFICATION_TYPES.includes(r.type));
        if (configs.length === 0) {
            report(
                "This stack has GCP resources but Security Command Center findings go nowhere: add a gcp.securitycenter.V2OrganizationNotificationConfig " +
                    "(or a project or folder notification config) with pubsubTopic set to the findings topic.",
            );
            return;
        }
        if (!configs.some((c) => isPresent(readRaw(c.props, ["pubsubTopic"])))) {
            report("No Security Command Center notification config publishes to a Pub/Sub topic: set pubsubTopic to the findings topic.", configs[0].urn);
        }
    },
});
