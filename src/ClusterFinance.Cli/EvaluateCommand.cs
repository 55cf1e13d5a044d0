using System.CommandLine;
using System.Text.Json;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;
using Spectre.Console;
using Profile = ClusterFinance.Core.Profiles.Profile;

namespace ClusterFinance.Cli;

/// <summary><c>clusterfinance evaluate PROFILE.json</c>: a verdict for every scheme, each criterion explained.</summary>
public static class EvaluateCommand
{
    public static Command Create(CliIo io)
    {
        var profileArgument = new Argument<string>("PROFILE") { Description = "The cluster profile (JSON; schemas/profile.schema.json), or - for standard input" };
        var schemeOption = new Option<string[]>("--scheme") { Description = "Evaluate only this scheme (repeatable)", HelpName = "ID" };
        var asOfOption = CommandLine.DateOption("--as-of", "Evaluation date (default: the application's submission date, else today)");
        var formatOption = CommandLine.FormatOption("table", "json");
        var catalogueOption = CommandLine.CatalogueOption();
        var command = new Command("evaluate", "Evaluate a profile against every scheme of the catalogue")
        {
            profileArgument, schemeOption, asOfOption, formatOption, catalogueOption,
        };
        command.SetAction(parse => Run(io,
            parse.GetValue(profileArgument)!,
            parse.GetValue(schemeOption) ?? [],
            parse.GetValue(asOfOption),
            parse.GetValue(formatOption)!,
            parse.GetValue(catalogueOption)));
        return command;
    }

    private static int Run(CliIo io, string profilePath, string[] schemes, DateOnly? asOf, string format, string? catalogue)
    {
        var profile = ReadProfile(io, profilePath);
        if (profile is null) return ExitCodes.Usage;

        var source = CommandLine.Catalogue(catalogue);
        var engine = EligibilityEngine.Load(source, out var problems);
        if (problems.Count > 0)
            io.Error.WriteLine($"warning: {problems.Count} problem(s) in the catalogue; the schemes concerned are left out. Run 'clusterfinance rules validate' for the list.");

        var unknown = schemes.Where(id => !engine.Contains(id)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"unknown scheme {string.Join(", ", unknown.Select(u => $"'{u}'"))}; 'clusterfinance catalogue list' shows the ids");

        var date = EligibilityEngine.ResolveDate(asOf, profile, io.Clock);
        var report = engine.Evaluate(profile, date, schemes);
        if (format == "json") io.Out.WriteLine(JsonSerializer.Serialize(report, JsonDefaults.Write));
        else WriteTable(io, profile, report);
        return ExitCodes.Success;
    }

    /// <summary>Reads and checks a profile; prints every problem with its JSON path and returns null when any.</summary>
    public static Profile? ReadProfile(CliIo io, string path)
    {
        string json;
        try
        {
            json = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"error: cannot read the profile '{path}': {e.Message}");
            return null;
        }
        var result = ProfileReader.Read(json);
        if (result.IsValid) return result.Profile;
        io.Error.WriteLine($"error: the profile '{path}' has {result.Problems.Count} problem(s); nothing was evaluated:");
        foreach (var problem in result.Problems) io.Error.WriteLine($"  {problem}");
        return null;
    }

    private static void WriteTable(CliIo io, Profile profile, EvaluationReport report)
    {
        var console = io.Tables();
        var who = profile.Organisation?.Name ?? profile.ProfileId ?? "the profile";
        console.MarkupLine($"[bold]{Markup.Escape(who)}[/] on {report.AsOf:yyyy-MM-dd}: {report.Results.Count} schemes");

        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("Scheme");
        table.AddColumn("Verdict");
        table.AddColumn("Why");
        foreach (var result in report.Results.OrderBy(r => r.Verdict).ThenByDescending(r => r.NearMiss).ThenBy(r => r.SchemeId, StringComparer.Ordinal))
        {
            var verdict = result.Verdict switch
            {
                SchemeVerdict.Eligible => "[green]eligible[/]",
                SchemeVerdict.NotEligible when result.NearMiss => "[yellow]near miss[/]",
                SchemeVerdict.NotEligible => "[red]not eligible[/]",
                _ => "[blue]undetermined[/]",
            };
            if (!result.Verified) verdict += "\n[grey]unverified facts[/]";
            if (result.Legacy) verdict += "\n[grey]legacy: closed call[/]";
            table.AddRow(new Markup($"{Markup.Escape(result.SchemeId)}\n[grey]{Markup.Escape(result.Name)}[/]"), new Markup(verdict), new Markup(Why(result)));
        }
        console.Write(table);

        var eligible = report.Results.Count(r => r.Verdict == SchemeVerdict.Eligible);
        var notEligible = report.Results.Count(r => r.Verdict == SchemeVerdict.NotEligible);
        var nearMisses = report.Results.Count(r => r.NearMiss);
        var undetermined = report.Results.Count(r => r.Verdict == SchemeVerdict.Undetermined);
        console.WriteLine($"{eligible} eligible, {notEligible} not eligible ({nearMisses} near misses), {undetermined} undetermined.");
        console.WriteLine($"Receipt: catalogue {report.Receipt.Catalogue}, engine {report.Receipt.Engine}. '--format json' gives every criterion with its citation.");
    }

    private static string Why(SchemeResult result)
    {
        var lines = new List<string>();
        foreach (var criterion in result.Criteria.Where(c => c.Verdict != CriterionVerdict.Pass))
        {
            var mark = criterion.Verdict == CriterionVerdict.Fail ? "[red]✗[/]" : "[blue]?[/]";
            lines.Add($"{mark} {Markup.Escape(criterion.Message ?? criterion.Id)}");
        }
        if (result.Verdict == SchemeVerdict.Eligible)
            lines.Add($"[green]✓[/] all {result.Criteria.Count} criteria met");
        if (result.ManualChecks.Count > 0 && (result.Verdict != SchemeVerdict.NotEligible || result.NearMiss))
            lines.Add($"[grey]☐ {result.ManualChecks.Count} manual check(s) left to the adviser (--format json lists them)[/]");
        return string.Join('\n', lines);
    }
}
