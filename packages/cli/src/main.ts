import { Command } from 'commander'
import { conformanceCommand } from './commands/conformance.ts'
import { demoCommand } from './commands/demo.ts'
import { gatewayCommand } from './commands/gateway.ts'
import { jobsCommand } from './commands/jobs.ts'
import { keysCommand } from './commands/keys.ts'
import { registryCommand } from './commands/registry.ts'
import { startCommand } from './commands/start.ts'
import { verifierCommand } from './commands/verifier.ts'
import { verifyCommand } from './commands/verify.ts'

const program = new Command()
  .name('greenpass')
  .description('The Italian COVID-19 green certificate (EU DCC) system: issue, verify and test certificates.')
  .showHelpAfterError()

program.addCommand(startCommand())
program.addCommand(demoCommand())
program.addCommand(conformanceCommand())
program.addCommand(verifyCommand())
program.addCommand(verifierCommand())
program.addCommand(keysCommand())
program.addCommand(gatewayCommand())
program.addCommand(registryCommand())
program.addCommand(jobsCommand())

await program.parseAsync(process.argv)
