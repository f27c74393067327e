/** The GCP rules of the network pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import firewallOpenIngress from "./zt-gcp-compute-firewall-open-ingress";
import firewallAdminPorts from "./zt-gcp-compute-firewall-admin-ports";
import firewallDefaultDeny from "./zt-gcp-compute-firewall-default-deny";
import firewallTargeted from "./zt-gcp-compute-firewall-targeted";
import firewallLogging from "./zt-gcp-compute-firewall-logging";
import networkCustomMode from "./zt-gcp-compute-network-custom-mode";
import subnetPrivateGoogleAccess from "./zt-gcp-compute-subnet-private-google-access";
import noPublicIp from "./zt-gcp-compute-no-public-ip";
import vpcscPerimeter from "./zt-gcp-vpcsc-perimeter";

export const gcpNetworkRules: readonly ZtRule[] = [
    firewallOpenIngress,
    firewallAdminPorts,
    firewallDefaultDeny,
    firewallTargeted,
    firewallLogging,
    networkCustomMode,
    subnetPrivateGoogleAccess,
    noPublicIp,
    vpcscPerimeter,
];
