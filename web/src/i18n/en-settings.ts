// Words of the settings a supervisor edits.
export const enSettings = {
} as const;
