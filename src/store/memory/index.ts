export { createMemoryEventStore } from './MemoryEventStore.ts';
