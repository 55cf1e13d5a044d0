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

        catalogue.Subcommands.Add(list);
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

    private static string Countries(IReadOnlyList<string> countries) =>
        countries.Count > 8 ? $"{string.Join(' ', countries.Take(6))} +{countries.Count - 6}" : string.Join(' ', countries);
}
