/** The Azure rules of the network pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import nsgInternetInbound from "./zt-azure-network-nsg-internet-inbound";
import nsgAdminPorts from "./zt-azure-network-nsg-admin-ports";
import nsgDenyAllInbound from "./zt-azure-network-nsg-deny-all-inbound";
import subnetNsg from "./zt-azure-network-subnet-nsg";
import subnetNoDefaultOutbound from "./zt-azure-network-subnet-no-default-outbound";
import noPublicIp from "./zt-azure-network-no-public-ip";
import firewallThreatIntel from "./zt-azure-network-firewall-threat-intel";
import flowLogAnalytics from "./zt-azure-network-flow-log-analytics";
import privateDnsLinked from "./zt-azure-network-private-dns-linked";

export const azureNetworkRules: readonly ZtRule[] = [
    nsgInternetInbound,
    nsgAdminPorts,
    nsgDenyAllInbound,
    subnetNsg,
    subnetNoDefaultOutbound,
    noPublicIp,
    firewallThreatIntel,
    flowLogAnalytics,
    privateDnsLinked,
];
