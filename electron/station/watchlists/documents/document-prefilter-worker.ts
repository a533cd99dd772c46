/** Worker-thread entry: builds one list prefilter (document-list-prefilter.ts) and hands it back. */
import { parentPort } from 'node:worker_threads';
import { buildListPrefilter, type PrefilterBuildInput } from './document-list-prefilter.js';

parentPort?.once('message', (input: PrefilterBuildInput) => {
  try {
    const built = buildListPrefilter(input);
    parentPort?.postMessage({ ok: true, built }, [built.words.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ ok: false, error: (e as Error).message });
  }
});
