/**
 * The pack's entry point for the Pulumi CLI and the offline plan. Constructing a PolicyPack starts
 * the gRPC server, so this file does nothing else: the rules live in rules/index.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("zt-landing-zone", {
    policies,
    // Each environment's config file sets the real levels (config/dev.json, config/prod.json).
    enforcementLevel: "mandatory",
    displayName: "Zero Trust landing zone",
    description: "Zero Trust guardrails (NIST SP 800-207, CISA ZTMM v2) for AWS, Azure, GCP and Kubernetes, with a time-boxed exception register.",
    tags: ["zero-trust", "nist-sp-800-207", "cisa-ztmm-v2", "aws", "azure", "gcp", "kubernetes"],
});
