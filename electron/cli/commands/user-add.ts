import { newPassword, roleSchema, username as usernameSchema } from '../../contract/index.js';
import { openStationStore } from '../../station/station.js';
import { EXIT, opt, str, UsageError, type Command } from '../command.js';

export const userAdd: Command = {
  path: ['user', 'add'],
  summary: 'create a user (officer, supervisor, technician or admin)',
  usage: '--username <name> --role <role> [--display-name <text>] --password-stdin',
  options: {
    username: opt({ type: 'string', description: 'sign-in name: lower-case letters, digits, . _ -' }),
    'display-name': opt({ type: 'string', description: 'name shown in the UI and audit log' }),
    role: opt({ type: 'string', description: 'officer | supervisor | technician | admin' }),
    'password-stdin': opt({ type: 'boolean', description: 'read the password from standard input (never from the command line)' }),
  },
  async run(args, io) {
    const u = usernameSchema.safeParse(str(args.values.username));
    if (!u.success) throw new UsageError(`--username: ${u.error.issues[0]?.message ?? 'required'}`);
    const role = roleSchema.safeParse(str(args.values.role));
    if (!role.success) throw new UsageError('--role must be officer, supervisor, technician or admin');
    if (args.values['password-stdin'] !== true) throw new UsageError('pass the password on standard input with --password-stdin');
    const pw = newPassword.safeParse((await io.readStdin()).replace(/\r?\n$/, ''));
    if (!pw.success) throw new UsageError(`password: ${pw.error.issues[0]?.message ?? 'invalid'}`);
    const store = openStationStore({ dataDir: args.dataDir });
    try {
      const user = await store.users.create({ username: u.data, displayName: str(args.values['display-name']) ?? u.data, role: role.data, password: pw.data }, null);
      if (args.json) io.json({ user });
      else io.out(`created ${user.role} ${user.username} (${user.id})`);
      return EXIT.OK;
    } finally {
      store.db.close();
    }
  },
};
