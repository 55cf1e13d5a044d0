using System.Text;
using System.Text.Json;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Tests.Evaluation;

public class EngineTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 26);

    private static string Rule(string name, string expression, string? message = null, string extra = "") =>
        $$"""
        { "RuleName": "{{name}}", "Expression": {{JsonSerializer.Serialize(expression)}},
          "ErrorMessage": {{JsonSerializer.Serialize(message)}},
          "Properties": { "citation": "https://example.eu/guide §{{name}}", "factsAsOf": "2026-01-01" {{extra}} } }
        """;

    private static SchemeResult Evaluate(Profile profile, params string[] rules)
    {
        var json = $$"""{ "WorkflowName": "test-scheme", "Rules": [ {{string.Join(",", rules)}} ] }""";
        var scheme = EligibilityEngine.PlaceholderScheme("test-scheme") with { Amounts = new Amounts { MaxEur = 200_000 } };
        var engine = EligibilityEngine.FromFiles([("rules/test-scheme.json", Encoding.UTF8.GetBytes(json), scheme)], Repository.Lookups, out var problems);
        Assert.Empty(problems);
        return engine.Evaluate(profile, AsOf).Results[0];
    }

    private static Profile Cluster(int? members = null, string? country = null) => new()
    {
        Organisation = new Organisation { Country = country },
        Cluster = new ClusterData { Members = new MemberCounts { Total = members } },
    };

    [Fact]
    public void MissingFact_MakesTheCriterionUnknownAndNamesIt_NeverNotEligible()
    {
        var result = Evaluate(Cluster(country: "RO"), Rule("min-members", "profile.cluster.members.total >= 15"));

        Assert.Equal(SchemeVerdict.Undetermined, result.Verdict);
        var criterion = Assert.Single(result.Criteria);
        Assert.Equal(CriterionVerdict.Unknown, criterion.Verdict);
        Assert.Equal(["cluster.members.total"], criterion.MissingFacts);
        Assert.Contains("cluster.members.total", criterion.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDerivedFact_NamesTheProfileInputsBehindIt()
    {
        var result = Evaluate(new Profile(), Rule("young", "facts.ageYears <= 5"));

        Assert.Equal(["organisation.registrationDate"], result.Criteria[0].MissingFacts);
    }

    [Fact]
    public void UnknownAndFailed_SchemeIsNotEligible()
    {
        var result = Evaluate(Cluster(country: "RS"),
            Rule("in-romania", "profile.organisation.country == \"RO\""),
            Rule("min-members", "profile.cluster.members.total >= 15"));

        Assert.Equal(SchemeVerdict.NotEligible, result.Verdict);
    }

    [Fact]
    public void ThresholdCriterion_CarriesItsGap_AndMessageShowsTheActualValue()
    {
        var result = Evaluate(Cluster(12),
            Rule("min-members", "profile.cluster.members.total >= 15", "The cluster has $(profile.cluster.members.total) members; at least 15 are needed."));

        var criterion = Assert.Single(result.Criteria);
        Assert.Equal(CriterionVerdict.Fail, criterion.Verdict);
        Assert.Equal(new Gap("cluster.members.total", 12, ">= 15"), criterion.Gap);
        Assert.Equal("The cluster has 12 members; at least 15 are needed.", criterion.Message);
        Assert.True(result.NearMiss);
    }

    [Fact]
    public void ThresholdFromTheSchemeMetadata_IsAGapToo()
    {
        var profile = new Profile { Application = new Application { RequestedAidEur = 250_000 } };
        var result = Evaluate(profile, Rule("max-grant", "profile.application.requestedAidEur <= context.scheme.amounts.maxEur"));

        Assert.Equal(new Gap("application.requestedAidEur", 250_000m, "<= 200,000"), result.Criteria[0].Gap);
    }

    [Fact]
    public void ThresholdWrittenTheOtherWayRound_IsFlipped()
    {
        var result = Evaluate(Cluster(12), Rule("min-members", "15 <= profile.cluster.members.total"));

        Assert.Equal(">= 15", result.Criteria[0].Gap!.Required);
    }

    [Fact]
    public void NotClosableFailure_IsNoNearMiss()
    {
        var result = Evaluate(Cluster(12, "RS"),
            Rule("min-members", "profile.cluster.members.total >= 15"),
            Rule("in-romania", "profile.organisation.country == \"RO\"", extra: """, "closable": false"""));

        Assert.Equal(SchemeVerdict.NotEligible, result.Verdict);
        Assert.False(result.NearMiss);
    }

    [Fact]
    public void AgeThreshold_MarkedNotClosable_IsNoNearMiss()
    {
        var profile = new Profile { Organisation = new Organisation { RegistrationDate = new DateOnly(2015, 1, 1) } };
        var result = Evaluate(profile, Rule("young", "facts.ageYears <= 5", extra: """, "closable": false"""));

        Assert.Equal(new Gap("facts.ageYears", 11, "<= 5"), result.Criteria[0].Gap);
        Assert.False(result.NearMiss);
    }

    [Fact]
    public void AndWithAKnownFalseBranch_FailsEvenWhenTheOtherBranchIsUnknown()
    {
        var result = Evaluate(Cluster(country: "RS"), Rule("ro-and-big", "profile.organisation.country == \"RO\" && profile.cluster.members.total >= 15"));

        Assert.Equal(CriterionVerdict.Fail, result.Criteria[0].Verdict);
    }

    [Fact]
    public void OrWithAKnownTrueBranch_PassesEvenWhenTheOtherBranchIsUnknown()
    {
        var result = Evaluate(Cluster(country: "RO"), Rule("ro-or-big", "profile.organisation.country == \"RO\" || profile.cluster.members.total >= 15"));

        Assert.Equal(CriterionVerdict.Pass, result.Criteria[0].Verdict);
    }

    [Fact]
    public void OperatorComposite_IsThreeValued()
    {
        var composite = """
            { "RuleName": "cluster-or-sme", "Operator": "OrElse", "ErrorMessage": "Neither a cluster nor an SME.",
              "Properties": { "citation": "https://example.eu §3", "factsAsOf": "2026-01-01" },
              "Rules": [ { "RuleName": "is-cluster", "Expression": "profile.cluster.isClusterOrganisation == true" },
                         { "RuleName": "is-sme", "Expression": "facts.isSme == true" } ] }
            """;

        var unknown = Evaluate(new Profile { Cluster = new ClusterData { IsClusterOrganisation = false } }, composite);
        Assert.Equal(CriterionVerdict.Unknown, unknown.Criteria[0].Verdict);
        Assert.Contains("size.staffHeadcountAwu", unknown.Criteria[0].MissingFacts);

        var pass = Evaluate(new Profile { Cluster = new ClusterData { IsClusterOrganisation = true } }, composite);
        Assert.Equal(CriterionVerdict.Pass, pass.Criteria[0].Verdict);
        Assert.Equal([CriterionVerdict.Pass, CriterionVerdict.Unknown], pass.Criteria[0].Children!.Select(c => c.Verdict));
    }

    [Fact]
    public void ComparingWithNull_RequiresOnlyTheOwner()
    {
        // The author tests for the label's absence: a missing label is an answer here, not an unknown.
        var result = Evaluate(new Profile { Cluster = new ClusterData() }, Rule("no-label", "profile.cluster.excellenceLabel == null"));

        Assert.Equal(CriterionVerdict.Pass, result.Criteria[0].Verdict);
    }

    [Fact]
    public void LocalAndGlobalParams_AreInlinedAndTheirFactsRequired()
    {
        var json = """
            { "WorkflowName": "test-scheme", "GlobalParams": [ { "Name": "members", "Expression": "profile.cluster.members" } ],
              "Rules": [ { "RuleName": "enough", "LocalParams": [ { "Name": "firms", "Expression": "members.micro + members.small" } ],
                           "Expression": "firms >= 10", "Properties": { "citation": "https://example.eu", "factsAsOf": "2026-01-01" } } ] }
            """;
        var engine = EligibilityEngine.FromFiles([("rules/test-scheme.json", Encoding.UTF8.GetBytes(json), null)], Repository.Lookups, out var problems);
        Assert.Empty(problems);

        var known = engine.Evaluate(new Profile { Cluster = new ClusterData { Members = new MemberCounts { Micro = 6, Small = 4 } } }, AsOf).Results[0];
        Assert.Equal(SchemeVerdict.Eligible, known.Verdict);

        var missing = engine.Evaluate(new Profile { Cluster = new ClusterData { Members = new MemberCounts { Micro = 6 } } }, AsOf).Results[0];
        Assert.Equal(["cluster.members.small"], missing.Criteria[0].MissingFacts);
    }

    [Fact]
    public void FactMethod_CountsConsortiumCountriesInASet_WithAGap()
    {
        var profile = new Profile
        {
            Organisation = new Organisation { Country = "RO" },
            Application = new Application { Consortium = [new ConsortiumPartner { Country = "RS" }, new ConsortiumPartner { Country = "RO" }] },
        };

        var result = Evaluate(profile, Rule("eu-countries", "facts.consortiumCountriesIn(\"eu-member-states\") >= 2"));

        Assert.Equal(new Gap("facts.consortiumCountriesIn(\"eu-member-states\")", 1, ">= 2"), result.Criteria[0].Gap);
    }

    [Fact]
    public void FactMethod_PartnerWithoutCountry_IsUnknownNamingIt()
    {
        var profile = new Profile
        {
            Organisation = new Organisation { Country = "RO" },
            Application = new Application { Consortium = [new ConsortiumPartner { Name = "a university" }] },
        };

        var result = Evaluate(profile, Rule("eu-countries", "facts.consortiumCountriesIn(\"eu-member-states\") >= 2"));

        Assert.Equal(["application.consortium[0].country"], result.Criteria[0].MissingFacts);
    }

    [Fact]
    public void ProgrammeArea_DrawnByNuts3_IsUnknownWithoutNuts3_OthersAreDecided()
    {
        // Vest (RO42) lies only partly in the Romania-Serbia area, but wholly in the Danube area.
        var profile = new Profile { Organisation = new Organisation { Country = "RO", Nuts2 = "RO42" } };

        var romaniaSerbia = Evaluate(profile, Rule("in-area", "facts.programmeAreas.Contains(\"interreg-ipa-ro-rs-2021-2027\")"));
        Assert.Equal(["organisation.nuts3"], romaniaSerbia.Criteria[0].MissingFacts);

        var danube = Evaluate(profile, Rule("in-area", "facts.programmeAreas.Contains(\"interreg-danube-2021-2027\")"));
        Assert.Equal(CriterionVerdict.Pass, danube.Criteria[0].Verdict);

        var timis = Evaluate(profile with { Organisation = profile.Organisation! with { Nuts3 = "RO424" } },
            Rule("in-area", "facts.programmeAreas.Contains(\"interreg-ipa-ro-rs-2021-2027\")"));
        Assert.Equal(CriterionVerdict.Pass, timis.Criteria[0].Verdict);
    }

    [Fact]
    public void ValueReadInsideAList_IsRequiredOfEveryElement_AndNamed()
    {
        var profile = new Profile
        {
            Application = new Application { Consortium = [new ConsortiumPartner { BudgetSharePct = 40 }, new ConsortiumPartner { Name = "no share given" }] },
        };

        var result = Evaluate(profile, Rule("shares", "profile.application.consortium.Where(p => p.name != \"x\").Sum(p => p.budgetSharePct.Value) <= 70"));

        Assert.Equal(CriterionVerdict.Unknown, result.Criteria[0].Verdict);
        Assert.Equal(["application.consortium[*].budgetSharePct"], result.Criteria[0].MissingFacts);
    }

    [Fact]
    public void SchemeValueMissingFromTheCatalogue_IsUnknownAndSaysSo()
    {
        var profile = new Profile { Application = new Application { RequestedAidEur = 1000 } };

        var result = Evaluate(profile, Rule("min-grant", "profile.application.requestedAidEur >= context.scheme.amounts.minEur"));

        var criterion = result.Criteria[0];
        Assert.Equal(CriterionVerdict.Unknown, criterion.Verdict);
        Assert.Contains("the catalogue does not give scheme.amounts.minEur", criterion.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DisabledRule_IsLeftOut()
    {
        var disabled = """{ "RuleName": "off", "Expression": "false", "Enabled": false }""";

        var result = Evaluate(new Profile(), Rule("on", "true"), disabled);

        Assert.Equal(["on"], result.Criteria.Select(c => c.Id));
        Assert.Equal(SchemeVerdict.Eligible, result.Verdict);
    }

    [Fact]
    public void Report_SerialisesToTheDocumentedShape()
    {
        var result = Evaluate(Cluster(12), Rule("min-members", "profile.cluster.members.total >= 15", "Only $(profile.cluster.members.total) members."));
        var report = new EvaluationReport
        {
            AsOf = AsOf,
            Receipt = new Receipt { Catalogue = "sha256:x", Engine = EligibilityEngine.Version, Rules = new Dictionary<string, string>() },
            Results = [result],
        };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, JsonDefaults.Write));
        var scheme = json.RootElement.GetProperty("results")[0];
        Assert.Equal("2026-11-26", json.RootElement.GetProperty("asOf").GetString());
        Assert.Equal("not-eligible", scheme.GetProperty("verdict").GetString());
        Assert.True(scheme.GetProperty("nearMiss").GetBoolean());
        var criterion = scheme.GetProperty("criteria")[0];
        Assert.Equal("fail", criterion.GetProperty("verdict").GetString());
        Assert.Equal("Only 12 members.", criterion.GetProperty("message").GetString());
        Assert.Equal(12, criterion.GetProperty("gap").GetProperty("actual").GetInt32());
        Assert.Equal(">= 15", criterion.GetProperty("gap").GetProperty("required").GetString());
        Assert.Equal(0, criterion.GetProperty("missingFacts").GetArrayLength());
        Assert.Equal("https://example.eu/guide §min-members", criterion.GetProperty("citation").GetString());
    }

    [Fact]
    public void EvaluationDate_AsOfThenSubmissionDateThenClock()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var submitted = new Profile { Application = new Application { SubmissionDate = new DateOnly(2026, 5, 12) } };

        Assert.Equal(new DateOnly(2027, 1, 1), EligibilityEngine.ResolveDate(new DateOnly(2027, 1, 1), submitted, clock));
        Assert.Equal(new DateOnly(2026, 5, 12), EligibilityEngine.ResolveDate(null, submitted, clock));
        Assert.Equal(new DateOnly(2026, 11, 26), EligibilityEngine.ResolveDate(null, new Profile(), clock));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
