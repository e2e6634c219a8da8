export { createNatsEventStore } from './NatsEventStore.ts';
export type { NatsEventStoreOptions } from './NatsEventStore.ts';
export { natsLayout } from './natsLayout.ts';
export type { NatsLayout } from './natsLayout.ts';
