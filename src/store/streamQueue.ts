/**
 * One-at-a-time work per stream: appends from one store instance to one stream run in order, so
 * an instance never races itself (races between hosts are settled by the backend). Streams whose
 * queue drains are forgotten.
 */
export type StreamQueue = <A>(stream: string, work: () => Promise<A>) => Promise<A>;

export function createStreamQueue(): StreamQueue {
  const queues = new Map<string, Promise<unknown>>();
  return (stream, work) => {
    const next = (queues.get(stream) ?? Promise.resolve()).then(work);
    const settled = next.catch(() => undefined);
    queues.set(stream, settled);
    void settled.then(() => {
      if (queues.get(stream) === settled) queues.delete(stream);
    });
    return next;
  };
}
