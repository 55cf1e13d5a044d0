using System.CommandLine;
using System.Text.Json;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Json;
using Spectre.Console;

namespace ClusterFinance.Cli;

/// <summary><c>clusterfinance catalogue list</c>: the schemes, filtered, with their next deadline and status.</summary>
public static class CatalogueCommands
{
    private static readonly string[] Levels = ["eu", "national", "regional"];
    private static readonly string[] Domains = ["innovation-rd", "sustainability", "internationalisation", "finance", "specialisation", "jobs-skills"];

    public static Command Create(CliIo io)
    {
        var catalogue = new Command("catalogue", "Browse the catalogue of funding schemes");

        var country = new Option<string?>("--country") { Description = "Only schemes open to applicants from this country (ISO code, e.g. RO)", HelpName = "CC" };
        var level = new Option<string?>("--level") { Description = "eu, national or regional", HelpName = "LEVEL" };
        level.AcceptOnlyFromAmong(Levels);
        var domain = new Option<string?>("--domain") { Description = $"One of the six domains: {string.Join(", ", Domains)}", HelpName = "KEY" };
        domain.AcceptOnlyFromAmong(Domains);
        var openOn = CommandLine.DateOption("--open-on", "Only schemes with a call open on this date (status is shown for this date; default today)");
        var format = CommandLine.FormatOption("table", "json");
        var root = CommandLine.CatalogueOption();
        var list = new Command("list", "List schemes with level, countries, instrument, domains, next deadline and status") { country, level, domain, openOn, format, root };
        list.SetAction(parse => List(io, parse.GetValue(country), parse.GetValue(level), parse.GetValue(domain), parse.GetValue(openOn), parse.GetValue(format)!, parse.GetValue(root)));

        var showId = new Argument<string>("ID") { Description = "The scheme id, as catalogue list shows it" };
        var showOn = CommandLine.DateOption("--on", "Show call status on this date (default today)");
        var showFormat = CommandLine.FormatOption("text", "json");
        var showRoot = CommandLine.CatalogueOption();
        var show = new Command("show", "Show a scheme: metadata, calls, criteria with citations, manual checks") { showId, showOn, showFormat, showRoot };
        show.SetAction(parse => Show(io, parse.GetValue(showId)!, parse.GetValue(showOn), parse.GetValue(showFormat)!, parse.GetValue(showRoot)));

        var checkOn = CommandLine.DateOption("--on", "Check as of this date (default today)");
        var checkRoot = CommandLine.CatalogueOption();
        var check = new Command("check", $"Report stale facts (older than {CatalogueCheck.StaleAfterMonths} months), passed calls with no next edition, unknown regions, exclusions of unknown schemes; exit 1 if any") { checkOn, checkRoot };
        check.SetAction(parse => Check(io, parse.GetValue(checkOn), parse.GetValue(checkRoot)));

        catalogue.Subcommands.Add(list);
        catalogue.Subcommands.Add(show);
        catalogue.Subcommands.Add(check);
        return catalogue;
    }

    private static int List(CliIo io, string? country, string? level, string? domain, DateOnly? openOn, string format, string? root)
    {
        var source = CommandLine.Catalogue(root);
        var engine = EligibilityEngine.Load(source, out var problems);
        if (problems.Count > 0)
            io.Error.WriteLine($"warning: {problems.Count} problem(s) in the catalogue; the schemes concerned are left out. Run 'clusterfinance rules validate' for the list.");
        var on = openOn ?? DateOnly.FromDateTime(io.Clock.GetUtcNow().UtcDateTime);
        country = country?.ToUpperInvariant();

        var schemes = engine.Schemes
            .Where(s => country is null || s.Countries.Contains(country))
            .Where(s => level is null || s.Level == level)
            .Where(s => domain is null || s.Domains.Contains(domain))
            .Where(s => openOn is null || CallSchedule.StatusOn(s, on) == CallStatus.Open)
            .OrderBy(s => Array.IndexOf(Levels, s.Level)).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => new
            {
                s.Id,
                s.Name,
                s.Level,
                s.Countries,
                Instrument = s.Instruments.Count > 0 ? s.Instruments[0] : "",
                s.Domains,
                NextDeadline = CallSchedule.NextDeadline(s, on)?.Deadline,
                Expected = s.Calls.Select(c => c.Expected).FirstOrDefault(e => e is not null),
                Status = CallSchedule.Text(CallSchedule.StatusOn(s, on)),
            })
            .ToList();

        if (format == "json")
        {
            io.Out.WriteLine(JsonSerializer.Serialize(new { asOf = on, schemes }, JsonDefaults.Write));
            return ExitCodes.Success;
        }

        var console = io.Tables();
        var table = new Table().Border(TableBorder.Rounded).Expand();
        foreach (var column in new[] { "Scheme", "Level", "Countries", "Instrument", "Domains", "Next deadline", $"Status on {on:yyyy-MM-dd}" })
            table.AddColumn(column);
        foreach (var s in schemes)
        {
            table.AddRow(
                new Markup($"{Markup.Escape(s.Id)}\n[grey]{Markup.Escape(s.Name)}[/]"),
                new Text(s.Level),
                new Text(Countries(s.Countries)),
                new Text(s.Instrument),
                new Text(string.Join('\n', s.Domains)),
                new Text(s.NextDeadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? s.Expected ?? "-"),
                new Text(s.Status));
        }
        console.Write(table);
        console.WriteLine($"{schemes.Count} scheme(s).");
        return ExitCodes.Success;
    }

    private static int Show(CliIo io, string id, DateOnly? on, string format, string? root)
    {
        var engine = EligibilityEngine.Load(CommandLine.Catalogue(root), out var problems);
        var compiled = engine.Compiled(id);
        if (compiled is null)
        {
            var why = problems.FirstOrDefault(p => Path.GetFileNameWithoutExtension(p.File) == id);
            throw new UsageException(why is not null
                ? $"scheme '{id}' is in the catalogue but its files are invalid: {why}"
                : $"unknown scheme '{id}'; 'clusterfinance catalogue list' shows the ids");
        }
        var day = on ?? DateOnly.FromDateTime(io.Clock.GetUtcNow().UtcDateTime);
        var s = compiled.Scheme;
        if (format == "json")
        {
            io.Out.WriteLine(JsonSerializer.Serialize(new { scheme = s, status = CallSchedule.Text(CallSchedule.StatusOn(s, day)), criteria = compiled.Describe(), rulesHash = compiled.RuleFile.Hash }, JsonDefaults.Write));
            return ExitCodes.Success;
        }

        var console = io.Tables();
        console.MarkupLine($"[bold]{Markup.Escape(s.Name)}[/] ({Markup.Escape(s.Id)}){(s.Legacy ? " [grey]legacy template, closed[/]" : "")}");
        if (s.LocalName is not null) console.MarkupLine($"[grey]{Markup.Escape(s.LocalName)}[/]");
        if (s.Summary is not null) console.WriteLine(s.Summary);
        var facts = new Grid().AddColumn().AddColumn();
        void Row(string label, string? value) { if (!string.IsNullOrEmpty(value)) facts.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(value)); }
        Row("Funder", s.Funder + (s.Programme is null ? "" : $" ({s.Programme})"));
        Row("Level", s.Level);
        Row("Instruments", string.Join(", ", s.Instruments));
        Row("Countries", string.Join(' ', s.Countries));
        Row("Regions", string.Join(' ', s.NutsRegions));
        Row("Domains", string.Join(", ", s.Domains));
        Row("Applicants", string.Join(", ", s.ApplicantTypes));
        Row("Amounts", s.Amounts is null ? null : $"EUR {EligibilityEngine.FormatValue(s.Amounts.MinEur)} to {EligibilityEngine.FormatValue(s.Amounts.MaxEur)}");
        Row("Aid intensity", s.MaxAidIntensityPct is null ? null : $"at most {s.MaxAidIntensityPct} %");
        Row("State aid", s.StateAidRegime + (s.GberArticles.Count > 0 ? $" (GBER Art. {string.Join(", ", s.GberArticles)})" : ""));
        Row("Maintainer", s.Maintainer);
        Row("Facts as of", s.FactsAsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Row("Status", $"{CallSchedule.Text(CallSchedule.StatusOn(s, day))} on {day:yyyy-MM-dd}");
        console.Write(facts);

        var calls = new Table().Border(TableBorder.Rounded).Title("Calls").AddColumns("Call", "Opens", "Deadlines", "Budget", "Status");
        foreach (var call in s.Calls)
            calls.AddRow(
                new Text((call.Title ?? call.Id) + (call.Verified ? "" : " (unverified)")),
                new Text(call.Opens?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "-"),
                new Text(call.Deadlines.Count > 0 ? string.Join('\n', call.Deadlines.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) : call.Continuous ? "continuous" : call.Expected ?? "-"),
                new Text(call.BudgetEur is null ? "-" : "EUR " + EligibilityEngine.FormatValue(call.BudgetEur)),
                new Text(CallSchedule.Text(CallSchedule.StatusOf(call, day))));
        if (s.Calls.Count > 0) console.Write(calls);

        var criteria = new Table().Border(TableBorder.Rounded).Title("Criteria").AddColumns("Criterion", "Rule", "Source");
        foreach (var c in compiled.Describe()) AddCriterion(criteria, c, "");
        console.Write(criteria);

        foreach (var check in s.ManualChecks)
            console.MarkupLine($"[grey]☐ manual check {Markup.Escape(check.Id)}:[/] {Markup.Escape(check.Text)}");
        foreach (var source in s.Sources)
            console.MarkupLine($"[grey]source:[/] {Markup.Escape(source.Title ?? "")} {Markup.Escape(source.Url)}");
        return ExitCodes.Success;
    }

    private static void AddCriterion(Table table, CriterionDescription c, string indent)
    {
        var rule = c.Combine is null ? c.Expression ?? "" : c.Combine == "all" ? "all of:" : "any of:";
        var source = $"{c.Citation} (facts as of {c.FactsAsOf:yyyy-MM-dd}){(c.Verified ? "" : ", unverified")}";
        table.AddRow(new Text(indent + c.Id), new Text(rule), new Text(source));
        foreach (var child in c.Children ?? []) AddCriterion(table, child, indent + "  ");
    }

    private static int Check(CliIo io, DateOnly? on, string? root)
    {
        var engine = EligibilityEngine.Load(CommandLine.Catalogue(root), out var problems);
        var day = on ?? DateOnly.FromDateTime(io.Clock.GetUtcNow().UtcDateTime);
        foreach (var problem in problems) io.Out.WriteLine($"invalid: {problem}");
        var findings = CatalogueCheck.Run(engine.Schemes, engine.Lookups, day);
        foreach (var finding in findings) io.Out.WriteLine($"{finding.SchemeId}: {finding.Kind}: {finding.Message}");
        io.Out.WriteLine($"{findings.Count} finding(s) and {problems.Count} invalid file(s) in {engine.Schemes.Count} scheme(s) on {day:yyyy-MM-dd}.");
        return findings.Count == 0 && problems.Count == 0 ? ExitCodes.Success : ExitCodes.Wanting;
    }

    private static string Countries(IReadOnlyList<string> countries) =>
        countries.Count > 8 ? $"{string.Join(' ', countries.Take(6))} +{countries.Count - 6}" : string.Join(' ', countries);
}
