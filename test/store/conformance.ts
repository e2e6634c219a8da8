/**
 * The store conformance suite (`launchplan/testing`'s `describeEventStoreConformance`) bound to
 * Vitest, for the project's own stores: memory, file, PostgreSQL and NATS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeEventStoreConformance as describeWith,
  type ConformanceOptions,
  type StoreFixture,
} from '../../src/testing/storeConformance.ts';

/** Registers the conformance suite for one store, under Vitest. */
export const describeEventStoreConformance = (
  name: string,
  makeFixture: () => StoreFixture | Promise<StoreFixture>,
  options: ConformanceOptions = {},
): void => describeWith({ describe, it, beforeAll, afterAll, expect }, name, makeFixture, options);
