/**
 * The KQL behind the landing zone's Sentinel detections, kept apart from the resources so each
 * query can be read, reviewed and unit-tested as text.
 */

/** How close together two successful sign-ins from different countries must be to raise an alert. */
export const IMPOSSIBLE_TRAVEL_WINDOW = "1h";

/**
 * Impossible travel: one user signing in successfully from two or more countries within
 * `window`. Nobody crosses a border and signs in again inside an hour; a stolen password or
 * token replayed from elsewhere does exactly that.
 *
 * The lookback is the window itself (`ago(window)`), not `bin(TimeGenerated, window)`: a bin
 * would split the period at clock hours and miss a pair either side of the boundary. The rule
 * runs every `window` over the last `window`, so a pair that straddles two runs is the one case
 * left to Entra ID Protection's own atypical-travel detection (exported as UserRiskEvents).
 *
 * `ResultType` is a string column in SigninLogs: success is "0", compared as a string so the
 * query never depends on an implicit conversion. VPN egress in another country is the usual
 * false positive; the incident names the countries and IPs so it is closed quickly.
 */
export function impossibleTravelQuery(window: string = IMPOSSIBLE_TRAVEL_WINDOW): string {
    return [
        `let window = ${window};`,
        "SigninLogs",
        "| where TimeGenerated > ago(window)",
        '| where ResultType == "0"',
        "| extend Country = tostring(LocationDetails.countryOrRegion)",
        "| where isnotempty(Country)",
        "| summarize Countries = make_set(Country), CountryCount = dcount(Country), IPAddresses = make_set(IPAddress),",
        "    FirstSignIn = min(TimeGenerated), LastSignIn = max(TimeGenerated) by UserPrincipalName, UserId",
        "| where CountryCount > 1",
    ].join("\n");
}
