/**
 * Flatten an async source of batches into an async iterator of items. Items of a batch are handed
 * out with already-resolved promises, so a reader pays one await per item instead of the several
 * an async generator's `yield` costs, and the source (which does the I/O) runs once per batch.
 */

/**
 * Iterate the items of the batches `source` yields, in order. `return()` (a `break` in the
 * consumer's `for await`) closes the source.
 *
 * @example
 * for await (const event of flattenBatches(readChunksOfEvents())) apply(event);
 */
export const flattenBatches = <A>(source: AsyncGenerator<readonly A[], void>): AsyncIterableIterator<A> => {
  let current: readonly A[] = [];
  let index = 0;
  let done = false;
  const finished: IteratorReturnResult<undefined> = { done: true, value: undefined };

  const pull = async (): Promise<IteratorResult<A>> => {
    while (!done) {
      const step = await source.next();
      if (step.done) {
        done = true;
        break;
      }
      current = step.value;
      index = 0;
      if (current.length > 0) return { done: false, value: current[index++] as A };
    }
    return finished;
  };

  const iterator: AsyncIterableIterator<A> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () =>
      index < current.length ? Promise.resolve({ done: false, value: current[index++] as A }) : pull(),
    return: async () => {
      done = true;
      current = [];
      await source.return(undefined);
      return finished;
    },
  };
  return iterator;
};
