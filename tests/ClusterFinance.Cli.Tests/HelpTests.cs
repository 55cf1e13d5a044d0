namespace ClusterFinance.Cli.Tests;

public class HelpTests
{
    [Theory]
    [InlineData(new[] { "--help" }, "evaluate")]
    [InlineData(new[] { "evaluate", "--help" }, "--as-of")]
    [InlineData(new[] { "rules", "validate", "--help" }, "PATH")]
    [InlineData(new[] { "rules", "test", "--help" }, "PATH")]
    [InlineData(new[] { "catalogue", "list", "--help" }, "--open-on")]
    [InlineData(new[] { "roadmap", "--help" }, "--template")]
    public void Help_DescribesTheCommand(string[] args, string expected)
    {
        var (code, output, _) = Cli.Run(args);

        Assert.Equal(0, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void NoCommand_IsAUsageError()
    {
        var (code, _, error) = Cli.Run();

        Assert.Equal(2, code);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }
}
