import { resolve } from 'node:path';
import { backupDatabase } from '../../station/db/database.js';
import { openStationStore } from '../../station/station.js';
import { EXIT, UsageError, type Command } from '../command.js';

export const dbBackup: Command = {
  path: ['db', 'backup'],
  summary: 'write a consistent, encrypted copy of the station database while it runs',
  usage: '<destination-file>',
  options: {},
  async run(args, io) {
    const dest = args.positionals[0];
    if (!dest) throw new UsageError('give the destination file');
    const store = openStationStore({ dataDir: args.dataDir });
    try {
      const r = backupDatabase(store.db, resolve(dest), store.key);
      if (args.json) io.json(r);
      else io.out(`backup written to ${r.path} (${r.bytes} bytes, encrypted with the station key)`);
      return EXIT.OK;
    } finally {
      store.db.close();
    }
  },
};
