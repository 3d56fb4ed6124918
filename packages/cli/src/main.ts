import { Command } from 'commander'
import { conformanceCommand } from './commands/conformance.ts'
import { demoCommand } from './commands/demo.ts'

const program = new Command()
  .name('greenpass')
  .description('The Italian COVID-19 green certificate (EU DCC) system: issue, verify and test certificates.')
  .showHelpAfterError()

program.addCommand(demoCommand().name('start').description('Start greenpass (for now: the format demo, as `demo`)'))
program.addCommand(demoCommand())
program.addCommand(conformanceCommand())

await program.parseAsync(process.argv)
