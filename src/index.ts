import { run } from './action/run.js';

void run();
