/**
 * Scratch storage on the test servers that a test makes and removes: a PostgreSQL database or
 * schema of its own (for a served process whose store URL cannot name a table prefix), and the
 * JetStream streams of a NATS prefix.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { natsLayout } from '../../src/store/nats/natsLayout.ts';
import { natsUrl, pgUrl, runId } from './helpers.ts';

/** A new database on the test server, its URL, an admin connection to it, and how to drop it. */
export async function scratchDatabase(
  name: string,
): Promise<{ database: string; url: URL; admin: pg.Client; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: pgUrl() });
  await admin.connect();
  const database = `lp_${name}_${runId()}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(pgUrl());
  url.pathname = `/${database}`;
  return {
    database,
    url,
    admin,
    async drop() {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Removes the JetStream streams of a store prefix. */
export async function removeNatsStreams(prefix: string): Promise<void> {
  const nc = await connect({ servers: natsUrl() });
  const jsm = await jetstreamManager(nc);
  const layout = natsLayout(prefix);
  await jsm.streams.delete(layout.eventsStream).catch(() => false);
  await jsm.streams.delete(layout.snapshotsStream).catch(() => false);
  await nc.close();
}

/** A schema of the test server: a store URL whose connections search it, and how to drop it. */
export interface ScratchSchema {
  url: string;
  drop: () => Promise<void>;
}

/** A new schema on the test server (for a served process, whose store URL cannot name a table prefix). */
export async function scratchSchema(name: string): Promise<ScratchSchema> {
  const admin = new pg.Client({ connectionString: pgUrl() });
  await admin.connect();
  const schema = `${name}_${runId()}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  return {
    url: `${pgUrl()}${pgUrl().includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
