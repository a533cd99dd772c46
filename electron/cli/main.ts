import { main, processIo } from './index.js';

const code = await main(process.argv.slice(2), processIo);
// Long-running commands resolve only when stopped; everything else exits here.
process.exitCode = code;
