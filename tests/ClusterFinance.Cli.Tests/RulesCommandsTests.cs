namespace ClusterFinance.Cli.Tests;

public class RulesCommandsTests
{
    [Fact]
    public void Validate_ShippedCatalogue_IsValid()
    {
        var (code, output, _) = Cli.Run("rules", "validate");

        Assert.Equal(0, code);
        Assert.Matches(@"^\d+ rule file\(s\) valid\.", output);
    }

    [Theory]
    // One fixture per kind of error; each is reported as file:criterion: message.
    [InlineData("json-error.json", null, "invalid JSON at line 5")]
    [InlineData("unknown-member.json", "min-members", "No property or field 'totl'")]
    [InlineData("type-error.json", "in-romania", "Method 'Compare' not found on type 'System.String'")]
    [InlineData("duplicate-id.json", "min-members", "the criterion id is used more than once")]
    [InlineData("name-mismatch.json", null, "WorkflowName 'some-other-scheme' differs from the scheme id 'name-mismatch'")]
    [InlineData("missing-citation.json", "min-members", "Properties.citation is missing")]
    [InlineData("missing-facts-as-of.json", "min-members", "Properties.factsAsOf is missing")]
    [InlineData("disallowed-call.json", "peek", "uses 'GetType', which rules may not call")]
    [InlineData("lowercase-operator.json", "cluster-or-sme", "Operator 'or' must be written 'Or'")]
    public void Validate_BrokenFile_ExitsOneWithFileCriterionMessage(string file, string? criterion, string message)
    {
        var path = Cli.Fixture("invalid-rules", file);

        var (code, output, _) = Cli.Run("rules", "validate", path);

        Assert.Equal(1, code);
        var expected = criterion is null ? $"{path}: " : $"{path}:{criterion}: ";
        Assert.Contains(output.Split('\n'), line => line.StartsWith(expected, StringComparison.Ordinal) && line.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Folder_ReportsEveryBrokenFile()
    {
        var (code, output, _) = Cli.Run("rules", "validate", Cli.Fixture("invalid-rules"));

        Assert.Equal(1, code);
        Assert.Contains("in 9 file(s); 9 rule file(s) checked.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ShippedCatalogue_AllCasesPass()
    {
        var (code, output, _) = Cli.Run("rules", "test");

        Assert.Equal(0, code);
        Assert.Matches(@"\d+ case\(s\) passed, 0 failed", output);
    }

    [Fact]
    public void Test_WrongExpectation_ExitsOneAndNamesTheCase()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(Cli.Root, "rules", "rs-if-mini-grants.json"), Path.Combine(dir.Path, "rs-if-mini-grants.json"));
        File.WriteAllText(Path.Combine(dir.Path, "rs-if-mini-grants.tests.json"), """
            { "schemeId": "rs-if-mini-grants",
              "cases": [ { "name": "a Romanian company is wrongly expected eligible", "asOf": "2026-03-01",
                           "profile": { "organisation": { "country": "RO" } },
                           "expect": { "verdict": "eligible", "criteria": { "applicant-in-serbia": "pass" } } } ] }
            """);

        var (code, output, _) = Cli.Run("rules", "test", dir.Path);

        Assert.Equal(1, code);
        Assert.Contains("a Romanian company is wrongly expected eligible: verdict is not-eligible, expected eligible", output, StringComparison.Ordinal);
        Assert.Contains("criterion 'applicant-in-serbia' is fail, expected pass", output, StringComparison.Ordinal);
        Assert.Contains("0 case(s) passed, 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_RuleFileWithoutCases_Fails()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(Cli.Root, "rules", "rs-if-mini-grants.json"), Path.Combine(dir.Path, "rs-if-mini-grants.json"));

        var (code, output, _) = Cli.Run("rules", "test", dir.Path);

        Assert.Equal(1, code);
        Assert.Contains("no test cases (rs-if-mini-grants.tests.json is missing)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PathThatDoesNotExist_IsAUsageError()
    {
        var (code, _, error) = Cli.Run("rules", "validate", "rules/no-such-scheme.json");

        Assert.Equal(2, code);
        Assert.Contains("'rules/no-such-scheme.json' does not exist", error, StringComparison.Ordinal);
    }
}

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("clusterfinance-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
