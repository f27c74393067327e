/** The IAM policy-document reader shared by the AWS rules (policy-pack/lib/iam-policy.ts). */
import * as assert from "assert";
import {
    allowsAnyPrincipal,
    allowsWildcardAdmin,
    conditionValues,
    containsUnknown,
    coversAction,
    getKey,
    hasCondition,
    isAllow,
    isDeny,
    isUnknownPolicy,
    isWildcardAction,
    parsePolicyDocument,
    principalValues,
    principals,
    statementLabel,
    toList,
    wildcardAdminStatements,
    wildcardMatch,
} from "../../policy-pack/lib/iam-policy";
import { UNKNOWN } from "./support/harness";

const ADMIN = { Version: "2012-10-17", Statement: [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }] };

function parse(doc: unknown) {
    const parsed = parsePolicyDocument(doc);
    assert.ok(parsed, "document did not parse");
    return parsed;
}

describe("policy pack: IAM policy documents", () => {
    describe("parsePolicyDocument", () => {
        it("reads a JSON string and the same object alike", () => {
            assert.deepStrictEqual(parse(JSON.stringify(ADMIN)), parse(ADMIN));
            assert.strictEqual(parse(ADMIN).version, "2012-10-17");
        });

        it("normalises a single Statement object and single-string elements to lists", () => {
            const doc = parse({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" } });
            assert.strictEqual(doc.statements.length, 1);
            const [s] = doc.statements;
            assert.strictEqual(s.index, 0);
            assert.deepStrictEqual(s.action, ["s3:GetObject"]);
            assert.deepStrictEqual(s.resource, ["arn:aws:s3:::b/*"]);
            assert.deepStrictEqual(s.notAction, []);
            assert.deepStrictEqual(s.principal, []);
            assert.strictEqual(s.hasPrincipal, false);
            assert.strictEqual(s.sid, undefined);
        });

        it("reads element names case-insensitively", () => {
            const doc = parse({ statement: [{ effect: "allow", action: ["*"], resource: "*", sid: "x" }] });
            assert.strictEqual(doc.statements[0].sid, "x");
            assert.ok(isAllow(doc.statements[0]));
            assert.ok(allowsWildcardAdmin(doc));
        });

        it("returns undefined for absent, unknown, non-JSON and non-object input", () => {
            for (const input of [undefined, null, "", "not json", "[1,2]", UNKNOWN, 42]) {
                assert.strictEqual(parsePolicyDocument(input), undefined, String(input));
            }
        });

        it("parses a document without statements to an empty list and skips non-object statements", () => {
            assert.deepStrictEqual(parse({ Version: "2012-10-17" }).statements, []);
            assert.strictEqual(parse({ Statement: ["junk", { Effect: "Deny", Action: "*", Resource: "*" }] }).statements.length, 1);
        });
    });

    describe("principals", () => {
        it('treats Principal "*" as everyone', () => {
            const s = parse({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }] }).statements[0];
            assert.deepStrictEqual(principals(s), [{ type: "*", value: "*" }]);
            assert.ok(allowsAnyPrincipal(s));
            assert.ok(s.hasPrincipal);
        });

        it("normalises principal types to their canonical case and values to lists", () => {
            const s = parse({
                Statement: [{ Effect: "Allow", Principal: { aws: "arn:aws:iam::111122223333:root", Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] }, Action: "sts:AssumeRole" }],
            }).statements[0];
            assert.deepStrictEqual(principals(s), [
                { type: "AWS", value: "arn:aws:iam::111122223333:root" },
                { type: "Service", value: "ec2.amazonaws.com" },
                { type: "Service", value: "lambda.amazonaws.com" },
            ]);
            assert.deepStrictEqual(principalValues(s, "service"), ["ec2.amazonaws.com", "lambda.amazonaws.com"]);
            assert.strictEqual(allowsAnyPrincipal(s), false);
        });

        it('treats {"AWS": "*"} as everyone too', () => {
            assert.ok(allowsAnyPrincipal(parse({ Statement: [{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:*" }] }).statements[0]));
        });

        it("reads NotPrincipal separately", () => {
            const s = parse({ Statement: [{ Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::1:role/x" }, Action: "*", Resource: "*" }] }).statements[0];
            assert.deepStrictEqual(s.principal, []);
            assert.deepStrictEqual(s.notPrincipal, [{ type: "AWS", value: "arn:aws:iam::1:role/x" }]);
            assert.ok(isDeny(s));
        });
    });

    describe("conditions", () => {
        const s = parse({
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                        stringlike: { "Token.Actions.GithubUserContent.com:Sub": ["repo:acme/app:ref:refs/heads/main", "repo:acme/app:environment:prod"] },
                        Bool: { "aws:MultiFactorAuthPresent": true },
                    },
                },
            ],
        }).statements[0];

        it("matches operator and key case-insensitively and returns values as strings", () => {
            assert.deepStrictEqual(conditionValues(s, "StringEquals", "token.actions.githubusercontent.com:aud"), ["sts.amazonaws.com"]);
            assert.deepStrictEqual(conditionValues(s, "StringLike", "token.actions.githubusercontent.com:sub"), [
                "repo:acme/app:ref:refs/heads/main",
                "repo:acme/app:environment:prod",
            ]);
            assert.deepStrictEqual(conditionValues(s, "bool", "AWS:MultiFactorAuthPresent"), ["true"]);
            assert.ok(hasCondition(s));
        });

        it("does not confuse operators or keys", () => {
            assert.strictEqual(conditionValues(s, "StringEquals", "token.actions.githubusercontent.com:sub"), undefined);
            assert.strictEqual(conditionValues(s, "StringEqualsIfExists", "token.actions.githubusercontent.com:aud"), undefined);
            assert.strictEqual(conditionValues(s, "BoolIfExists", "aws:MultiFactorAuthPresent"), undefined);
            assert.strictEqual(hasCondition(parse(ADMIN).statements[0]), false);
        });
    });

    describe("actions and the wildcard administrator", () => {
        it('finds Allow "*" and "*:*" on Resource "*", or on a NotResource', () => {
            assert.ok(allowsWildcardAdmin(parse(ADMIN)));
            assert.ok(allowsWildcardAdmin(parse({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: ["arn:aws:s3:::b", "*"] }] })));
            assert.ok(allowsWildcardAdmin(parse({ Statement: [{ Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::secret/*" }] })));
            assert.deepStrictEqual(
                wildcardAdminStatements(parse({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }, ADMIN.Statement[0]] })).map((x) => x.index),
                [1],
            );
        });

        it("does not flag Deny, NotAction, scoped resources or service wildcards", () => {
            assert.strictEqual(allowsWildcardAdmin(parse({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] })), false);
            assert.strictEqual(allowsWildcardAdmin(parse({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] })), false);
            assert.strictEqual(allowsWildcardAdmin(parse({ Statement: [{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b/*" }] })), false);
            assert.strictEqual(allowsWildcardAdmin(parse({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] })), false);
            assert.strictEqual(allowsWildcardAdmin(undefined), false);
        });

        it("matches actions with IAM wildcards, case-insensitively", () => {
            assert.ok(wildcardMatch("kms:*", "kms:Decrypt"));
            assert.ok(wildcardMatch("KMS:decrypt", "kms:Decrypt"));
            assert.ok(wildcardMatch("kms:Re?ncrypt*", "kms:ReEncryptFrom"));
            assert.strictEqual(wildcardMatch("kms:Get*", "kms:Decrypt"), false);
            assert.strictEqual(wildcardMatch("s3:Get.bject", "s3:GetObject"), false);
            assert.ok(isWildcardAction("*") && isWildcardAction("*:*") && !isWildcardAction("s3:*"));
        });

        it("reads NotAction as everything but the listed actions", () => {
            const s = parse({ Statement: [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }] }).statements[0];
            assert.ok(coversAction(s, "s3:GetObject"));
            assert.strictEqual(coversAction(s, "iam:CreateUser"), false);
            assert.ok(coversAction(parse(ADMIN).statements[0], "iam:CreateUser"));
        });
    });

    describe("unknown values and helpers", () => {
        it("recognises a document unknown during preview, and unknowns inside one", () => {
            assert.ok(isUnknownPolicy(UNKNOWN));
            assert.strictEqual(isUnknownPolicy(JSON.stringify(ADMIN)), false);
            assert.ok(containsUnknown({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: UNKNOWN }] }));
            assert.ok(containsUnknown(JSON.stringify({ Statement: [{ Resource: UNKNOWN }] })));
            assert.strictEqual(containsUnknown(ADMIN), false);
            // An unknown resource never counts as "*".
            assert.strictEqual(allowsWildcardAdmin(parse({ Statement: [{ Effect: "Allow", Action: "*", Resource: UNKNOWN }] })), false);
        });

        it("labels statements by Sid, else by 1-based position", () => {
            const doc = parse({ Statement: [{ Sid: "A", Effect: "Allow" }, { Effect: "Allow" }] });
            assert.deepStrictEqual(doc.statements.map(statementLabel), ['statement "A"', "statement 2"]);
        });

        it("reads keys case-insensitively and lists scalars as strings", () => {
            assert.strictEqual(getKey({ Effect: "x", effect: "y" }, "Effect"), "x");
            assert.strictEqual(getKey({ EFFECT: "y" }, "Effect"), "y");
            assert.deepStrictEqual(toList([true, 3, "a", { b: 1 }]), ["true", "3", "a"]);
            assert.deepStrictEqual(toList(undefined), []);
        });
    });
});
