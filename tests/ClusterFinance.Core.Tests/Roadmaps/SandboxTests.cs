using ClusterFinance.Core.Roadmaps;

namespace ClusterFinance.Core.Tests.Roadmaps;

/// <summary>Advisers' own templates run with the model and nothing else, within limits.</summary>
public sealed class SandboxTests
{
    private static readonly Lazy<RoadmapModel> Model = new(() => Roadmaps.Model(Roadmaps.Example("ro-nord-est-ict-cluster"), Roadmaps.GoldenDate));

    private static RenderResult Render(string text, TimeSpan? timeLimit = null) => Roadmaps.RenderText(Model.Value, "adviser.sbn", text, timeLimit);

    [Fact]
    public void AdviserTemplate_UsesTheModelAndTheFormatting()
    {
        var result = Render("{{ client.name }}: {{ for p in plan }}{{ p.order }}. {{ p.scheme_id }} {{ p.planned_amount_eur | fmt.money }}; {{ end }}{{ fmt.date as_of }}");

        Assert.Empty(result.Errors);
        Assert.Equal("Asociația Clusterul TIC Nord-Est: 1. eu-investeu-eif-guarantees ; 2. eu-esf-easi-social-finance EUR 1,500,000; 26 November 2026", result.Output);
    }

    [Fact]
    public void AdviserTemplate_WithSyntaxErrors_RefusedWithEveryErrorAsFileLineColumn()
    {
        var result = Render("# {{ client.name }}\n{{ for p in plan }}\n- {{ p.name }\n{{ if }}\n");

        Assert.Null(result.Output);
        Assert.True(result.Errors.Count >= 2, string.Join("\n", result.Errors));
        Assert.All(result.Errors, e => Assert.Matches(@"^adviser\.sbn:\d+:\d+: \S", e));
        Assert.Contains(result.Errors, e => e.StartsWith("adviser.sbn:3:", StringComparison.Ordinal));
    }

    [Fact]
    public void AdviserTemplate_MisspeltField_RefusedInsteadOfPrintingNothing()
    {
        var result = Render("line one\n{{ client.nmae }}");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("adviser.sbn:2:", error, StringComparison.Ordinal);
        Assert.Contains("nmae", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AdviserTemplate_UnknownVariable_Refused()
    {
        var error = Assert.Single(Render("{{ clients }}").Errors);

        Assert.Equal("adviser.sbn:1:4: The variable or function `clients` was not found", error);
    }

    [Theory]
    // .NET members of the model's values are not reachable: the model is plain Scriban objects.
    [InlineData("{{ client.name.GetType }}")]
    [InlineData("{{ client.GetType() }}")]
    [InlineData("{{ plan[0].name.Length }}")]
    [InlineData("{{ summary.ToString }}")]
    // Nor are files outside the templates folder.
    [InlineData("{{ include '../README.md' }}")]
    [InlineData("{{ include '/etc/passwd' }}")]
    // Nor can the model be changed.
    [InlineData("{{ client.name = 'someone else' }}")]
    public void AdviserTemplate_EscapeAttempt_StoppedWithALocatedError(string text)
    {
        var result = Render(text);

        Assert.Null(result.Output);
        Assert.Matches(@"^adviser\.sbn:1:\d+: \S", Assert.Single(result.Errors));
    }

    [Fact]
    public void AdviserTemplate_ImportOfTheModel_ExposesNothingButTheModel()
    {
        // import copies an object's members into the globals: here only the model's own fields exist to copy.
        var result = Render("{{ import client; name }}|{{ object.keys client | array.join ',' }}");

        Assert.Empty(result.Errors);
        Assert.Equal("Asociația Clusterul TIC Nord-Est|name,profile_id,country,region,application_scheme_id", result.Output);
    }

    [Fact]
    public void AdviserTemplate_EndlessLoop_StoppedByTheLoopLimit()
    {
        var result = Render("start\n{{ while true }}x{{ end }}");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("adviser.sbn:2:", error, StringComparison.Ordinal);
        Assert.Contains("limit", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AdviserTemplate_EndlessRecursion_StoppedByTheRecursionLimit()
    {
        var result = Render("{{ func down(n); ret down(n + 1); end; down 0 }}");

        Assert.Matches(@"^adviser\.sbn:1:\d+: .*recursi", Assert.Single(result.Errors));
    }

    [Fact]
    public void AdviserTemplate_OverItsTimeLimit_StoppedWithAClearMessage()
    {
        // A limit already spent stands for a template that runs too long, without making the test wait.
        var result = Render("{{ for p in plan }}{{ p.name }}{{ end }}", TimeSpan.Zero);

        Assert.Equal(["adviser.sbn: rendering stopped after 0 s: the template runs too long (an endless loop?)"], result.Errors);
    }

    [Fact]
    public void AdviserTemplate_IncludeFromTheTemplatesFolder_IsAllowed()
    {
        var result = Render("{{ include 'partials/style' }}");

        Assert.Empty(result.Errors);
        Assert.StartsWith("<style>", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ fmt.money \"abc\" }}", "fmt.money")]
    [InlineData("{{ fmt.plural \"no.such\" 1 }}", "fmt.plural")]
    [InlineData("{{ fmt.date \"2026-13-01\" }}", "fmt.date")]
    [InlineData("{{ fmt.month \"someday\" }}", "fmt.month")]
    [InlineData("{{ fmt.number 1e30 }}", "fmt.number")]
    [InlineData("{{ fmt.percent 1e30 }}", "fmt.percent")]
    [InlineData("{{ fmt.fill \"{0}\" [1e30] }}", "fmt.fill")]
    public void AdviserTemplate_FormattingFunctionGivenWhatItCannotFormat_RefusedWithALocatedError(string call, string function)
    {
        var result = Render("line one\n" + call);

        Assert.Null(result.Output);
        Assert.StartsWith($"adviser.sbn:2:", Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Contains(function + ": ", result.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AdviserTemplate_LoopsWithinTheLoopLimitButPastTheTimeLimit_StoppedWithTheTimeLimitMessage()
    {
        // The loop stays within the loop limit, but each turn rewrites a long text: together they run far longer than the time limit.
        var result = Render("{{ long = 'x' | string.pad_left 1000000; for i in 1..19000; copy = long | string.replace 'x' 'yy'; end }}", TimeSpan.FromMilliseconds(200));

        Assert.Equal(["adviser.sbn: rendering stopped after 0.2 s: the template runs too long (an endless loop?)"], result.Errors);
    }

    [Fact]
    public void AdviserTemplate_RenderingCancelledByTheCaller_SaysSoInsteadOfThrowing()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();

        var result = RoadmapRenderer.Render(new RoadmapTemplate("adviser.sbn", "{{ client.name }}"), Model.Value, Roadmaps.Language("en"),
            Roadmaps.TemplatesDirectory, cancellationToken: aborted.Token);

        Assert.Equal(["adviser.sbn: rendering was cancelled"], result.Errors);
    }
}
