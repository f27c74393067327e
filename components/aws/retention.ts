/** CloudWatch Logs accepts only these retention values (the API rejects anything else). */
export const CW_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The smallest accepted retention that keeps logs at least `days`: rounding down would break the configured minimum. */
export function cloudWatchRetention(days: number): number {
    return CW_RETENTION_DAYS.find((d) => d >= days) ?? 3653;
}
