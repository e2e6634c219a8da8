import { createMemoryEventStore } from '../../src/store/memory/index.ts';
import { describeEventStoreConformance } from './conformance.ts';

describeEventStoreConformance('memory', () => {
  const store = createMemoryEventStore();
  return {
    store,
    // Memory stores share nothing: "another instance" is the same store seen through a second handle.
    openAnother: () => ({ ...store, close: async () => {} }),
    cleanup: () => store.close(),
  };
});
