using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Simulation;
using Spectre.Console;
using Profile = ClusterFinance.Core.Profiles.Profile;

namespace ClusterFinance.Cli;

/// <summary>
/// <c>clusterfinance simulate</c>: a population through the catalogue, the criteria that block the most, and the
/// effect of a rule change (<c>--compare DIR</c>) profile by profile.
/// </summary>
public static class SimulateCommand
{
    public static Command Create(CliIo io)
    {
        var profiles = new Option<int>("--profiles") { Description = "Size of the synthetic population", DefaultValueFactory = _ => 1000, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic population: the same seed gives the same population", DefaultValueFactory = _ => 1, HelpName = "S" };
        var country = new Option<string?>("--country") { Description = "Only clusters of this country (ISO code)", HelpName = "CC" };
        var input = new Option<string?>("--input") { Description = "Real profiles instead: a folder of .json files or a JSON-lines file", HelpName = "PATH" };
        var rules = new Option<string?>("--rules") { Description = "Rule files that replace the catalogue's own, file by file", HelpName = "DIR" };
        var compare = new Option<string?>("--compare") { Description = "A second rules folder: who gains and who loses eligibility, and through which criterion", HelpName = "DIR" };
        var byRegion = new Option<bool>("--by-region") { Description = "Add the bottleneck report per NUTS 2 region" };
        var asOf = CommandLine.DateOption("--as-of", "Evaluation date (default today)");
        var format = CommandLine.FormatOption("table", "json", "csv");
        var catalogue = CommandLine.CatalogueOption();
        var command = new Command("simulate", "Evaluate a population of profiles: verdict counts, bottlenecks, and the effect of a rule change")
        {
            profiles, seed, country, input, rules, compare, byRegion, asOf, format, catalogue,
        };
        command.SetAction(parse => Run(io, parse.GetValue(profiles), parse.GetValue(seed), parse.GetValue(country), parse.GetValue(input),
            parse.GetValue(rules), parse.GetValue(compare), parse.GetValue(byRegion), parse.GetValue(asOf), parse.GetValue(format)!, parse.GetValue(catalogue)));
        return command;
    }

    private static int Run(CliIo io, int count, int seed, string? country, string? input, string? rules, string? compare, bool byRegion,
        DateOnly? asOf, string format, string? catalogue)
    {
        if (count is < 1 or > 1_000_000) throw new UsageException("--profiles must be between 1 and 1,000,000");
        var source = CommandLine.Catalogue(catalogue);
        var day = asOf ?? DateOnly.FromDateTime(io.Clock.GetUtcNow().UtcDateTime);
        // Loading the catalogue and drawing the population are independent: the catalogue loads on the other core meanwhile.
        var loading = Task.Run(() => Load(rules is null ? source : source.WithRules(rules)));
        var comparing = compare is null ? null : Task.Run(() => Load(source.WithRules(compare)));
        var population = input is null ? Synthetic(source, count, seed, country, day) : Real(input);

        var engine = loading.GetAwaiter().GetResult();
        if (comparing is not null)
        {
            var after = comparing.GetAwaiter().GetResult();
            var comparison = WithProgress(io, population.Count * 2, progress => PolicyLab.Compare(engine, after, population, day, progress));
            WriteComparison(io, comparison, format);
            return ExitCodes.Success;
        }
        var report = WithProgress(io, population.Count, progress => PolicyLab.Run(engine, population, day, byRegion, progress));
        WriteReport(io, report, format);
        return ExitCodes.Success;
    }

    private static IReadOnlyList<Profile> Synthetic(CatalogueSource source, int count, int seed, string? country, DateOnly day)
    {
        var generator = PopulationGenerator.Load(Path.Combine(source.Root, "catalogue", "populations", "distributions.json"));
        try
        {
            return [.. generator.Generate(count, seed, country?.ToUpperInvariant(), day)];
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter")[0]);
        }
    }

    /// <summary>Profiles from a folder of JSON files or a JSON-lines file; any invalid profile stops the run.</summary>
    private static IReadOnlyList<Profile> Real(string path)
    {
        IEnumerable<(string Where, string Json)> documents = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllText(f)))
            : File.Exists(path)
                ? File.ReadLines(path).Select((line, i) => ($"{path}:{i + 1}", line)).Where(d => d.Item2.Trim().Length > 0)
                : throw new UsageException($"'{path}' is neither a folder of profiles nor a JSON-lines file");
        var profiles = new List<Profile>();
        var problems = new List<string>();
        foreach (var (where, json) in documents)
        {
            var read = ProfileReader.Read(json);
            if (read.IsValid) profiles.Add(read.Profile!);
            else problems.AddRange(read.Problems.Select(p => $"{where}: {p}"));
        }
        if (problems.Count > 0)
            throw new UsageException($"{problems.Count} problem(s) in the profiles; nothing was evaluated:\n  {string.Join("\n  ", problems.Take(50))}");
        if (profiles.Count == 0) throw new UsageException($"no profiles in '{path}'");
        return profiles;
    }

    private static EligibilityEngine Load(CatalogueSource source)
    {
        var engine = EligibilityEngine.Load(source, out var problems);
        if (problems.Count > 0)
            throw new UsageException($"the rules are invalid; run 'clusterfinance rules validate' on them:\n  {string.Join("\n  ", problems.Take(20))}", ExitCodes.Wanting);
        return engine;
    }

    /// <summary>A progress bar for long runs on a terminal; nothing when the output goes to a file or a pipe.</summary>
    private static T WithProgress<T>(CliIo io, int total, Func<Action<int>?, T> work)
    {
        if (io.OutputRedirected || total < 2_000) return work(null);
        T result = default!;
        AnsiConsole.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask("Evaluating", maxValue: total);
            var seen = 0;
            result = work(done =>
            {
                var now = Interlocked.Add(ref seen, 256);
                task.Value = Math.Min(now, total);
            });
            task.Value = total;
        });
        return result;
    }

    private static void WriteReport(CliIo io, SimulationReport report, string format)
    {
        switch (format)
        {
            case "json":
                io.Out.WriteLine(JsonSerializer.Serialize(report, JsonDefaults.Write));
                return;
            case "csv":
                io.Out.WriteLine("scheme,eligible,notEligible,undetermined,bottleneck,failed,unknown");
                foreach (var s in report.Schemes)
                {
                    var top = s.Bottlenecks.Count > 0 ? s.Bottlenecks[0] : null;
                    io.Out.WriteLine(Csv(s.SchemeId, s.Eligible, s.NotEligible, s.Undetermined, top?.CriterionId, top?.Failed, top?.Unknown));
                }
                return;
        }
        var console = io.Tables();
        console.MarkupLine($"[bold]{report.Profiles:N0} profiles[/] on {report.AsOf:yyyy-MM-dd}, catalogue {report.Catalogue[..19]}…");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Scheme", "Eligible", "Not eligible", "Undetermined", "Blocked most by (failed / unknown)");
        foreach (var s in report.Schemes)
            table.AddRow(new Text(s.SchemeId), new Text(N(s.Eligible)), new Text(N(s.NotEligible)), new Text(N(s.Undetermined)),
                new Text(string.Join('\n', s.Bottlenecks.Select(b => $"{b.CriterionId} ({N(b.Failed)} / {N(b.Unknown)})"))));
        console.Write(table);
        if (report.Regions is null) return;
        var regions = new Table().Border(TableBorder.Rounded).Title("By region").AddColumns("Region", "Profiles", "Eligible (profile × scheme)", "Blocked most by");
        foreach (var r in report.Regions)
            regions.AddRow(new Text(r.Region), new Text(N(r.Profiles)), new Text(N(r.EligiblePairs)),
                new Text(string.Join('\n', r.Bottlenecks.Select(b => $"{b.SchemeId}:{b.CriterionId} ({N(b.Failed)})"))));
        console.Write(regions);
    }

    private static void WriteComparison(CliIo io, ComparisonReport report, string format)
    {
        switch (format)
        {
            case "json":
                io.Out.WriteLine(JsonSerializer.Serialize(report, JsonDefaults.Write));
                return;
            case "csv":
                io.Out.WriteLine("scheme,profile,before,after,criteria");
                foreach (var s in report.Schemes)
                    foreach (var flip in s.Gained.Concat(s.Lost).Concat(s.Other))
                        io.Out.WriteLine(Csv(s.SchemeId, flip.ProfileId, Verdict(flip.Before), Verdict(flip.After), string.Join(' ', flip.Criteria)));
                return;
        }
        var console = io.Tables();
        console.MarkupLine($"[bold]{report.Profiles:N0} profiles[/] on {report.AsOf:yyyy-MM-dd}: {report.Schemes.Count} scheme(s) change");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Scheme", "Gain eligibility", "Lose eligibility", "Other changes", "Through");
        foreach (var s in report.Schemes)
        {
            var through = s.Gained.Concat(s.Lost).Concat(s.Other).SelectMany(f => f.Criteria).GroupBy(c => c)
                .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ({N(g.Count())})");
            table.AddRow(new Text(s.SchemeId), new Text(Names(s.Gained)), new Text(Names(s.Lost)), new Text(Names(s.Other)), new Text(string.Join('\n', through)));
        }
        console.Write(table);
    }

    private static string Names(IReadOnlyList<VerdictFlip> flips) =>
        flips.Count == 0 ? "-" : $"{N(flips.Count)}: {string.Join(", ", flips.Take(5).Select(f => f.ProfileId))}{(flips.Count > 5 ? ", …" : "")}";

    private static string Verdict(SchemeVerdict verdict) => JsonSerializer.SerializeToElement(verdict).GetString()!;

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Csv(params object?[] values) =>
        string.Join(',', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) is { } text && (text.Contains(',') || text.Contains('"'))
            ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : Convert.ToString(v, CultureInfo.InvariantCulture)));
}
