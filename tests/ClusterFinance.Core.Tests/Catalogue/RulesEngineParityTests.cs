using System.Text.Json;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;
using RulesEngine.Models;

namespace ClusterFinance.Core.Tests.Catalogue;

/// <summary>
/// Our rule files stay standard: Microsoft RulesEngine itself, given the same workflow and inputs, reaches the same
/// pass or fail on every criterion wherever every fact is known (where a fact is missing RulesEngine cannot say
/// "unknown", which is why the engine exists).
/// </summary>
public class RulesEngineParityTests
{
    private static readonly JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    public static TheoryData<string> RuleFiles() => CatalogueTests.RuleFiles();

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public async Task RulesEngine_AgreesOnEveryFullyKnownTestCase(string file)
    {
        var path = Repository.Path("rules", file);
        var workflow = JsonSerializer.Deserialize<Workflow>(File.ReadAllText(path), CaseInsensitive)!;
        var rulesEngine = new RulesEngine.RulesEngine([workflow], new ReSettings { AutoExecuteActions = false });
        var scheme = Repository.Engine.Schemes.Single(s => s.Id == workflow.WorkflowName);

        using var tests = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(path, ".tests.json")));
        var compared = 0;
        foreach (var testCase in tests.RootElement.GetProperty("cases").EnumerateArray())
        {
            var profile = ProfileReader.Read(testCase.GetProperty("profile")).Profile!;
            var asOf = DateOnly.Parse(testCase.GetProperty("asOf").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var ours = Repository.Engine.Evaluate(profile, asOf, [scheme.Id]).Results[0];
            if (ours.Verdict == SchemeVerdict.Undetermined || ours.Criteria.Any(c => c.Verdict == CriterionVerdict.Unknown)) continue;

            var facts = Repository.Engine.Facts.Compute(profile, asOf);
            var context = new EvaluationContext { AsOf = asOf, Scheme = scheme };
            var theirs = await rulesEngine.ExecuteAllRulesAsync(workflow.WorkflowName,
                [new RuleParameter("profile", profile), new RuleParameter("facts", facts), new RuleParameter("context", context)],
                TestContext.Current.CancellationToken);

            var theirVerdicts = theirs.ToDictionary(r => r.Rule.RuleName, r => r.IsSuccess);
            foreach (var criterion in ours.Criteria)
                Assert.True(theirVerdicts[criterion.Id] == (criterion.Verdict == CriterionVerdict.Pass),
                    $"{testCase.GetProperty("name").GetString()}: {criterion.Id} is {criterion.Verdict} here, IsSuccess={theirVerdicts[criterion.Id]} in RulesEngine " +
                    theirs.Single(r => r.Rule.RuleName == criterion.Id).ExceptionMessage);
            compared++;
        }
        Assert.True(compared > 0, "no fully known case to compare");
    }
}
