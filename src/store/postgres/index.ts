/// <reference types="node" preserve="true" />
export { createPostgresEventStore } from './PostgresEventStore.ts';
export type { PostgresEventStoreOptions } from './PostgresEventStore.ts';
export { migrationSql, postgresNames } from './schema.ts';
export type { PostgresNames } from './schema.ts';
export { connectionDeadlines } from './pgConnections.ts';
export { createPostgresLeases } from './postgresLeases.ts';
export type { PostgresLeasesOptions } from './postgresLeases.ts';
