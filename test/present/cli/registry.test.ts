// The static command table (names and descriptions shown by --help without importing any command module)
// agrees with the command modules it loads.
import { describe, expect, it, vi } from 'vitest';
import { commands, type CommandEntry } from '../../../src/present/cli/registry.js';
import { runCli } from '../../helpers.js';

/** What the CLI prints through console.log (yargs prints --help there). */
async function helpText(args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    const { code, out } = await runCli(args, '\n');
    return { code, text: lines.join('\n') + out };
  } finally {
    spy.mockRestore();
  }
}

async function check(entries: CommandEntry[]): Promise<void> {
  for (const e of entries) {
    if (e.subcommands) {
      expect(e.load).toBeUndefined();
      await check(e.subcommands);
      continue;
    }
    const spec = await e.load!();
    expect({ command: spec.command, describe: spec.describe }).toEqual({ command: e.command, describe: e.describe });
  }
}

describe('CLI registry', () => {
  it('each table entry loads the module of the same command and description', async () => {
    await check(commands);
  }, 60_000);

  it('--help lists every command and subcommand help lists the subcommands', async () => {
    const top = await helpText(['--help']);
    expect(top.code).toBe(0);
    for (const e of commands) expect(top.text).toContain(`flcalc ${e.command}`);
    const sim = await helpText(['simulate', '--help']);
    expect(sim.code).toBe(0);
    for (const s of commands.find((e) => e.command === 'simulate')!.subcommands!) expect(sim.text).toContain(`flcalc simulate ${s.command}`);
  });

  it('a subcommand given after flags is still selected, and a mistyped one is a usage error', async () => {
    const bad = await runCli(['simulate', 'gdx']);
    expect(bad.code).toBe(2);
    const typo = await runCli(['spectrall']);
    expect(typo.code).toBe(2);
  });
});
