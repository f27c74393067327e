// The independent judge: every AWSGuard rule, at "mandatory", served as a CrossGuard policy pack.
// `npm run judge:aws` (scripts/judge-aws.ts) spawns this directory the way the Pulumi CLI spawns
// a pack and sends it the captured aws-prod graph. Plain JS on purpose: this folder has its own
// dependency tree and no TypeScript toolchain.
//
// AWSGuard was written against @pulumi/aws v4 property names; findings that are false on our
// aws v7 resources are documented in false-positives.yaml, not silenced here, so that any new
// finding still shows up.
"use strict";
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "mandatory" });
