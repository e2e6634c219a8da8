export { createFileEventStore, streamFilePath } from './FileEventStore.ts';
export type { FileEventStoreOptions } from './FileEventStore.ts';
export { verifyStreamFile } from './verifyFile.ts';
export { acquireFileLock } from './fileLock.ts';
export type { FileLockOptions, ReleaseLock } from './fileLock.ts';
