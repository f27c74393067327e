/** The AWS rules of the network pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import sgOpenIngress from "./zt-aws-ec2-sg-open-ingress";
import sgAdminPorts from "./zt-aws-ec2-sg-admin-ports";
import defaultSgClosed from "./zt-aws-ec2-default-sg-closed";
import subnetPrivate from "./zt-aws-ec2-subnet-private";
import vpcEndpoints from "./zt-aws-ec2-vpc-endpoints";
import endpointPrivateDns from "./zt-aws-ec2-endpoint-private-dns";
import flowLogsAll from "./zt-aws-ec2-flow-logs-all";
import imdsv2 from "./zt-aws-ec2-imdsv2";
import noPublicIp from "./zt-aws-ec2-no-public-ip";
import noSshKey from "./zt-aws-ec2-no-ssh-key";
import ebsEncrypted from "./zt-aws-ec2-ebs-encrypted";

export const awsNetworkRules: readonly ZtRule[] = [
    sgOpenIngress,
    sgAdminPorts,
    defaultSgClosed,
    subnetPrivate,
    vpcEndpoints,
    endpointPrivateDns,
    flowLogsAll,
    imdsv2,
    noPublicIp,
    noSshKey,
    ebsEncrypted,
];
