// Words of the patron account and item record.
export const enPatronAccount = {
} as const;
