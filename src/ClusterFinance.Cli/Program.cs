using ClusterFinance.Cli;

return CommandLine.Run(args, new CliIo(Console.Out, Console.Error, TimeProvider.System, Console.IsOutputRedirected));
