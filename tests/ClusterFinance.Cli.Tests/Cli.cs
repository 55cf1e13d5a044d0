namespace ClusterFinance.Cli.Tests;

/// <summary>Runs the command line in process, as a user would from a clone, and captures what it prints.</summary>
internal static class Cli
{
    public static string Root { get; } = ClusterFinance.Core.Catalogue.CatalogueSource.Locate().Root;

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var code = CommandLine.Run([.. args, .. CatalogueArgument(args)], new CliIo(stdout, stderr, clock));
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Every command that reads the catalogue gets the repository's, whatever the working directory.</summary>
    private static string[] CatalogueArgument(string[] args) =>
        args.Contains("--help") || args.Contains("--catalogue") || args.Length < 2 ? [] : ["--catalogue", Root];

    public static string Example(string name) => Path.Combine(Root, "examples", "profiles", name + ".json");


    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
