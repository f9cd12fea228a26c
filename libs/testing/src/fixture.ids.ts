/** Stable ids and times so fixtures and expected events line up without repeating literals. */
export const ACCOUNT_ID = '6f1c2a7e-0d3b-4b8e-9a51-3c2d1e0f4a10';
export const OTHER_ACCOUNT_ID = '0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c20';
export const OWNER_ID = 'a3c1e5f7-9b2d-4f6a-8c0e-2d4f6a8c0e30';
export const TRANSFER_ID = 'c7e9a1b3-5d7f-4a9c-8e1b-3d5f7a9c1e40';
export const NOW = '2026-01-15T10:00:00.000Z';
export const LATER = '2026-01-15T10:05:00.000Z';
