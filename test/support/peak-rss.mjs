// Preloaded into a child process (`node --import <this file> ...`): on exit, writes the process's peak resident set
// size in bytes to the file named by PEAK_RSS_FILE. A process that aborts writes nothing.
import { writeFileSync } from 'node:fs';

const target = process.env.PEAK_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
