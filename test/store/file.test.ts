import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileEventStore } from '../../src/store/file/index.ts';
import { describeEventStoreConformance } from './conformance.ts';

describeEventStoreConformance('file', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'launchplan-file-store-'));
  const store = createFileEventStore(directory);
  return {
    store,
    openAnother: () => createFileEventStore(directory),
    cleanup: async () => {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
