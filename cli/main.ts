import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { sitesCommand } from './commands/sites.ts';
import { importCommand } from './commands/import.ts';
import { rankCommand } from './commands/rank.ts';
import { simulateCommand } from './commands/simulate.ts';
import { articlesCommand } from './commands/articles.ts';
import { pinsCommand } from './commands/pins.ts';
import { feedsCommand } from './commands/feeds.ts';
import { evaluateCommand } from './commands/evaluate.ts';

/** The `newspulse` command line. Each subcommand lives in cli/commands/ and has its own --help. */
function program(): Command {
  return new Command('newspulse')
    .description('newspulse: trending lists and related stories for news sites')
    .showHelpAfterError()
    .addCommand(sitesCommand())
    .addCommand(articlesCommand())
    .addCommand(feedsCommand())
    .addCommand(pinsCommand())
    .addCommand(importCommand())
    .addCommand(rankCommand())
    .addCommand(simulateCommand())
    .addCommand(evaluateCommand());
}

/** Runs the CLI; errors become one readable line and exit code 1 (2 for usage errors). */
export async function main(argv: string[]): Promise<number> {
  const cli = program().exitOverride();
  cli.commands.forEach((c) => c.exitOverride().commands.forEach((s) => s.exitOverride()));
  try {
    await cli.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ZodError) {
      console.error(`newspulse: ${error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
    } else if (error instanceof Error) {
      console.error(`newspulse: ${error.message}`);
    } else {
      console.error(`newspulse: ${String(error)}`);
    }
    return 1;
  }
}
