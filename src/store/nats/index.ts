/// <reference types="node" preserve="true" />
export { createNatsEventStore } from './NatsEventStore.ts';
export type { NatsEventStoreOptions } from './NatsEventStore.ts';
export { natsLayout } from './natsLayout.ts';
export type { NatsLayout } from './natsLayout.ts';
export { parseNatsUrl } from './natsUrl.ts';
export type { NatsUrlOptions } from './natsUrl.ts';
export type { NatsStoreWarning } from './natsWarnings.ts';
export { createNatsLeases } from './natsLeases.ts';
export type { NatsLeasesOptions } from './natsLeases.ts';
export { createNatsTransport, ownerSubject } from './natsTransport.ts';
export type { NatsTransportOptions } from './natsTransport.ts';
