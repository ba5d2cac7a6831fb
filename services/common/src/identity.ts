// Vocabulary of identity shared by the user service, token checks and event contracts.

export const ROLES = ['USER', 'ADMIN', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export const ACCOUNT_STATUSES = ['ACTIVE', 'SUSPENDED', 'BLOCKED', 'CLOSED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
