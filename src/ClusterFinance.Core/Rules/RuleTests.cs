using System.Text.Json;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Rules;

/// <summary>The outcome of one agency test case: what differed from the expectation, if anything.</summary>
public sealed record RuleTestOutcome(string File, string Case, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>Runs the cases of rules/&lt;id&gt;.tests.json through the same engine that evaluates profiles.</summary>
public static class RuleTests
{
    public static string TestFileOf(string ruleFile) => Path.ChangeExtension(ruleFile, ".tests.json");

    public static IReadOnlyList<RuleTestOutcome> Run(EligibilityEngine engine, string testFile) =>
        Run(engine, testFile, File.ReadAllBytes(testFile));

    /// <summary>Runs the cases of a test file's content; <paramref name="name"/> names it in the outcomes.</summary>
    public static IReadOnlyList<RuleTestOutcome> Run(EligibilityEngine engine, string name, byte[] content)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, JsonDefaults.Document);
        }
        catch (JsonException e)
        {
            return [new RuleTestOutcome(name, "(file)", [$"invalid JSON at line {e.LineNumber + 1}"])];
        }
        using (document)
        {
            var schemaProblems = EmbeddedSchemas.Problems(EmbeddedSchemas.RuleTests, document.RootElement);
            if (schemaProblems.Count > 0)
                return [new RuleTestOutcome(name, "(file)", [.. schemaProblems.Select(p => $"{p.Path}: {p.Message}")])];

            var root = document.RootElement;
            var schemeId = root.GetProperty("schemeId").GetString()!;
            if (!engine.Contains(schemeId))
                return [new RuleTestOutcome(name, "(file)", [$"scheme '{schemeId}' has no valid rule file loaded"])];

            var outcomes = new List<RuleTestOutcome>();
            foreach (var testCase in root.GetProperty("cases").EnumerateArray())
                outcomes.Add(RunCase(engine, name, schemeId, testCase));
            return outcomes;
        }
    }

    private static RuleTestOutcome RunCase(EligibilityEngine engine, string file, string schemeId, JsonElement testCase)
    {
        var name = testCase.GetProperty("name").GetString()!;
        var asOf = DateOnly.Parse(testCase.GetProperty("asOf").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var read = ProfileReader.Read(testCase.GetProperty("profile"));
        if (!read.IsValid)
            return new RuleTestOutcome(file, name, [.. read.Problems.Select(p => $"profile {p}")]);

        var result = engine.Evaluate(read.Profile!, asOf, [schemeId]).Results[0];
        var failures = new List<string>();
        var expect = testCase.GetProperty("expect");
        var verdict = expect.GetProperty("verdict").GetString();
        var actualVerdict = JsonSerializer.SerializeToElement(result.Verdict).GetString();
        if (verdict != actualVerdict) failures.Add($"verdict is {actualVerdict}, expected {verdict}{Explain(result)}");
        if (expect.TryGetProperty("nearMiss", out var nearMiss) && nearMiss.GetBoolean() != result.NearMiss)
            failures.Add($"nearMiss is {result.NearMiss.ToString().ToLowerInvariant()}, expected {nearMiss.GetBoolean().ToString().ToLowerInvariant()}");
        if (expect.TryGetProperty("criteria", out var criteria))
        {
            var all = Flatten(result.Criteria).ToDictionary(c => c.Id, StringComparer.Ordinal);
            foreach (var expected in criteria.EnumerateObject())
            {
                if (!all.TryGetValue(expected.Name, out var actual))
                {
                    failures.Add($"criterion '{expected.Name}' does not exist in the rule file");
                    continue;
                }
                var actualText = JsonSerializer.SerializeToElement(actual.Verdict).GetString();
                if (actualText != expected.Value.GetString())
                    failures.Add($"criterion '{expected.Name}' is {actualText}, expected {expected.Value.GetString()}: {actual.Message}");
            }
        }
        return new RuleTestOutcome(file, name, failures);
    }

    private static string Explain(SchemeResult result)
    {
        var decisive = result.Criteria.Where(c => c.Verdict != CriterionVerdict.Pass).Select(c => $"{c.Id} {JsonSerializer.SerializeToElement(c.Verdict).GetString()}: {c.Message}");
        var text = string.Join("; ", decisive);
        return text.Length == 0 ? "" : $" ({text})";
    }

    private static IEnumerable<CriterionResult> Flatten(IEnumerable<CriterionResult> results) =>
        results.SelectMany(r => Flatten(r.Children ?? []).Prepend(r));
}
