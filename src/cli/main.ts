// The `lifecycle` command's entry: runs the program, nothing else.
import { reportFatal } from './io.js';
import { main } from './program.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFatal(error);
  },
);
