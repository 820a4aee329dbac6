import { execFileSync, spawnSync } from 'node:child_process';
import { contextSwitches, switchesMeter } from './cpu';

describe('contextSwitches', () => {
  it("counts a live process's context switches, which grow each time it waits", () => {
    const before = contextSwitches(process.pid)!;
    execFileSync('true'); // blocks this thread until the child exits: at least one voluntary switch
    expect(contextSwitches(process.pid)!).toBeGreaterThan(before);
  });

  it('says nothing of a process that is gone', () => {
    const { pid } = spawnSync('true');
    expect(contextSwitches(pid)).toBeNull();
  });
});

describe('switchesMeter', () => {
  it('gives the switches since it started, not the total', () => {
    const meter = switchesMeter(process.pid);
    execFileSync('true');
    const since = meter()!;
    expect(since).toBeGreaterThan(0);
    expect(since).toBeLessThan(contextSwitches(process.pid)!);
  });
});
