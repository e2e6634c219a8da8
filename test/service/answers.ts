/**
 * The JSON answers of the service as the tests read them: the shapes src/service/endpoints.ts and
 * reply.ts write (a status is the checklist itself, `Checklist`).
 */
import type { Progress } from '../../src/checklist/derive.ts';
import type { PathError } from '../../src/codecErrors.ts';
import type { AlertmanagerMapping } from '../../src/ingest/alertmanager.ts';
import type { JunitMapping } from '../../src/ingest/junit.ts';

/** Every refusal: `{ "error": { "kind", "message", … } }`. */
export interface ErrorAnswer {
  error: { kind: string; message: string; details?: { errors: PathError[] } };
}

/** A launch in `GET /launches`, and the answer to `POST /launches`. */
export interface LaunchSummary {
  stream: string;
  planId: string;
  title: string;
  state: string;
  health: string;
  progress: Progress;
  version: number;
  current: string[];
}

/** `POST /launches`: the new launch, its plan's hash and how many warnings reading it gave. */
export interface CreatedAnswer extends LaunchSummary {
  planHash: string;
  diagnostics: number;
}

/** `GET /launches`. */
export interface LaunchList {
  launches: (LaunchSummary | { stream: string; error: string })[];
}

/** `POST /launches/:stream/events`. */
export interface SentAnswer {
  version: number;
  appended: boolean;
  state: string;
  health: string;
  progress: Progress;
}

/** What became of one event of an Alertmanager or JUnit payload. */
export interface IngestedOutcome {
  type: string;
  id?: string;
  version?: number;
  appended?: boolean;
  kind?: string;
  message?: string;
}

interface Outcomes {
  accepted: IngestedOutcome[];
  refused: IngestedOutcome[];
}

/** `POST /launches/:stream/alertmanager`. */
export interface AlertmanagerAnswer extends Outcomes, Pick<AlertmanagerMapping, 'unmatched' | 'elsewhere'> {
  state: string;
  health: string;
}

/** `POST /launches/:stream/junit`. */
export interface JunitAnswer extends Outcomes, Pick<JunitMapping, 'matched' | 'unmatched' | 'skipped'> {
  state: string;
  progress: Progress;
}
