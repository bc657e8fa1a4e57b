using SimdNn.Cli.Commands;

return CommandLine.Run(args);
