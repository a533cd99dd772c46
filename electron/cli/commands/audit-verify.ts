import { openStationStore } from '../../station/station.js';
import { EXIT, type Command } from '../command.js';

export const auditVerify: Command = {
  path: ['audit', 'verify'],
  summary: 'verify the hash chain of the audit log; names the first bad entry',
  usage: '',
  options: {},
  async run(args, io) {
    const store = openStationStore({ dataDir: args.dataDir });
    try {
      const r = store.audit.verify();
      if (args.json) io.json(r);
      else io.out(r.ok ? `audit log intact: ${r.entries} entries` : `AUDIT LOG BROKEN at entry ${r.firstBad!.seq}: ${r.firstBad!.reason}`);
      return r.ok ? EXIT.OK : EXIT.CHECK_FAILED;
    } finally {
      store.db.close();
    }
  },
};
