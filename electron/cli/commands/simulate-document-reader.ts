import { createInterface } from 'node:readline';
import { openPtyPair, RteDocumentReaderSimulator } from '../../../native-drivers/index.js';
import { EXIT, opt, str, strs, UsageError, type Command } from '../command.js';

export const simulateDocumentReader: Command = {
  path: ['simulate', 'document-reader'],
  summary: 'act as a 3M RTE-style serial document reader and send an MRZ',
  usage: '--mrz <line> --mrz <line> [--mrz <line>] [--port <tty>]',
  options: {
    mrz: opt({ type: 'string', multiple: true, description: 'one MRZ line (repeat for each line)' }),
    port: opt({ type: 'string', description: "serial device to write to; without it, a pseudo-terminal is created and its reader-side path printed, and each Enter sends the MRZ again" }),
  },
  async run(args, io) {
    const lines = strs(args.values.mrz);
    if (lines.length < 2 || lines.length > 3) throw new UsageError('give two or three --mrz lines');
    const port = str(args.values.port);
    if (port) {
      const sim = new RteDocumentReaderSimulator({ path: port });
      await sim.open();
      try {
        await sim.swipe(lines);
      } finally {
        await sim.close();
      }
      if (args.json) io.json({ sent: true, port, lines: lines.length });
      else io.out(`sent one read to ${port}`);
      return EXIT.OK;
    }
    const pair = await openPtyPair();
    const sim = new RteDocumentReaderSimulator({ path: pair.b });
    await sim.open();
    if (args.json) io.json({ readerPort: pair.a });
    else io.out(`Simulated reader ready. Start the station with:\n  BORDERPOST_DOCUMENT_READER=${pair.a} npx borderpost serve\nPress Enter to swipe the document, Ctrl+D to stop.`);
    const rl = createInterface({ input: process.stdin });
    for await (const _ of rl) {
      await sim.swipe(lines);
      if (!args.json) io.out('swiped');
    }
    await sim.close();
    await pair.close();
    return EXIT.OK;
  },
};
