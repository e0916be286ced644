import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Spawns a server process that must not outlive this Node process. Two guards, because neither covers all cases:
 * - on Linux, `setpriv --pdeathsig KILL` makes the kernel kill the child when this process dies, even by SIGKILL
 *   or an unhandled signal, where no JavaScript runs;
 * - an 'exit' hook kills remaining children on a normal exit, also where setpriv is missing (e.g. macOS).
 */
export function spawnGuarded(executable: string, args: readonly string[], options: { cwd: string; logFd: number }): ChildProcess {
  const withDeathSignal = existsSync(SETPRIV);
  const command = withDeathSignal ? SETPRIV : executable;
  const commandArgs = withDeathSignal ? ['--pdeathsig', 'KILL', '--', executable, ...args] : [...args];
  const child = spawn(command, commandArgs, { cwd: options.cwd, stdio: ['ignore', options.logFd, options.logFd] });
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  installExitHook();
  return child;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: there is no time left for a graceful SIGTERM and wait.
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
}
