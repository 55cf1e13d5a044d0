using System.Text;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Tests.Rules;

/// <summary>Everything a rule file can get wrong is caught before anything runs, named by file and criterion.</summary>
public class RuleValidationTests
{
    private const string Provenance = """ "Properties": { "citation": "https://example.eu/call §2", "factsAsOf": "2026-01-01" } """;

    private static IReadOnlyList<RuleProblem> Problems(string rules, string workflow = "scheme-a")
    {
        var json = $$"""{ "WorkflowName": "{{workflow}}", "Rules": [ {{rules}} ] }""";
        var (scheme, problems) = EligibilityEngine.Compile("rules/scheme-a.json", Encoding.UTF8.GetBytes(json),
            EligibilityEngine.PlaceholderScheme("scheme-a"), Repository.Lookups);
        if (problems.Count == 0) Assert.NotNull(scheme);
        else Assert.Null(scheme);
        return problems;
    }

    private static string Rule(string name, string expression) =>
        $$"""{ "RuleName": "{{name}}", "Expression": "{{expression.Replace("\"", "\\\"", StringComparison.Ordinal)}}", {{Provenance}} }""";

    [Fact]
    public void Validate_GoodFile_HasNoProblems()
    {
        Assert.Empty(Problems(Rule("min-members", "profile.cluster.members.total >= 15")));
    }

    [Theory]
    // Unknown member: a typo must not read as "not eligible" (RulesEngine issue #78).
    [InlineData("profile.cluster.members.totl >= 15", "No property or field 'totl'")]
    // Type errors: a count compared with text, text ordered against a number.
    [InlineData("profile.cluster.members.total == \"many\"", "not a valid value for Int32")]
    [InlineData("profile.organisation.country > 5", "Method 'Compare' not found")]
    // Not a condition.
    [InlineData("profile.cluster.members.total", "not true or false")]
    // Disallowed calls: reflection, the clock, unbounded loops, I/O.
    [InlineData("profile.GetType().Assembly.FullName != \"\"", "GetType")]
    [InlineData("DateTime.Now.Year > 2000", "DateTime.Now")]
    [InlineData("Enumerable.Range(0, 100000000).Count() > 0", "Enumerable.Range")]
    [InlineData("System.IO.File.Exists(\"/etc/passwd\")", "File")]
    public void Validate_BadExpression_IsRejectedWithTheCriterion(string expression, string expected)
    {
        var problem = Assert.Single(Problems(Rule("bad", expression)));

        Assert.Equal("bad", problem.Criterion);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("rules/scheme-a.json:bad: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateCriterionIds()
    {
        var problems = Problems(Rule("same", "true") + "," + Rule("same", "false"));

        Assert.Contains(problems, p => p.Criterion == "same" && p.Message.Contains("more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WorkflowNameMustBeTheSchemeId()
    {
        var problem = Assert.Single(Problems(Rule("r", "true"), workflow: "scheme-b"));

        Assert.Contains("differs from the scheme id 'scheme-a'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "RuleName": "r", "Expression": "true", "Properties": { "factsAsOf": "2026-01-01" } }""", "citation is missing")]
    [InlineData("""{ "RuleName": "r", "Expression": "true", "Properties": { "citation": "https://x.eu" } }""", "factsAsOf is missing")]
    [InlineData("""{ "RuleName": "r", "Expression": "true", "Properties": { "citation": "https://x.eu", "factsAsOf": "1 May 2026" } }""", "is not a date")]
    public void Validate_ProvenanceIsRequired(string rule, string expected)
    {
        Assert.Contains(expected, Assert.Single(Problems(rule)).Message, StringComparison.Ordinal);
    }

    [Theory]
    // RulesEngine's validator accepts "and", but its compiler does not, and fails the rule silently.
    [InlineData("and", "must be written 'And'")]
    [InlineData("OR", "must be written 'Or'")]
    [InlineData("Xor", "is unknown")]
    public void Validate_OperatorRulesEngineWouldMishandle(string op, string expected)
    {
        var rule = $$"""{ "RuleName": "either", "Operator": "{{op}}", {{Provenance}}, "Rules": [ { "RuleName": "a", "Expression": "true" }, { "RuleName": "b", "Expression": "false" } ] }""";

        var problem = Assert.Single(Problems(rule));
        Assert.Equal("either", problem.Criterion);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExpressionBesideOperator_IsIgnoredByRulesEngineSoRefused()
    {
        var rule = $$"""{ "RuleName": "either", "Operator": "And", "Expression": "false", {{Provenance}}, "Rules": [ { "RuleName": "a", "Expression": "true" } ] }""";

        Assert.Contains("must not have an Expression", Assert.Single(Problems(rule)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WorkflowsToInject_IsRefused()
    {
        var json = $$"""{ "WorkflowName": "scheme-a", "WorkflowsToInject": ["other"], "Rules": [ {{Rule("r", "true")}} ] }""";
        var (_, problems) = EligibilityEngine.Compile("rules/scheme-a.json", Encoding.UTF8.GetBytes(json), EligibilityEngine.PlaceholderScheme("scheme-a"), Repository.Lookups);

        Assert.Contains(problems, p => p.Message.Contains("WorkflowsToInject", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownCountrySet_IsABrokenReference()
    {
        var problem = Assert.Single(Problems(Rule("in-eu", "facts.countrySets.Contains(\"eu-members\")")));

        Assert.Contains("'eu-members' is not a country set", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadPlaceholderInErrorMessage()
    {
        var rule = $$"""{ "RuleName": "r", "Expression": "true", "ErrorMessage": "has $(profile.organisation.colour)", {{Provenance}} }""";

        Assert.Contains("placeholder", Assert.Single(Problems(rule)).Message, StringComparison.Ordinal);
    }
}
