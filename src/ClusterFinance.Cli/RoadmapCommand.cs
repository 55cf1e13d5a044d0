using System.CommandLine;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Roadmaps;

namespace ClusterFinance.Cli;

/// <summary><c>clusterfinance roadmap PROFILE.json</c>: the adviser's funding roadmap, rendered from a template.</summary>
public static class RoadmapCommand
{
    public static Command Create(CliIo io)
    {
        var profileArgument = new Argument<string>("PROFILE") { Description = "The cluster profile (JSON; schemas/profile.schema.json), or - for standard input" };
        var templateOption = new Option<string>("--template")
        {
            Description = "roadmap (the full roadmap), summary (one page), or your own template file FILE.sbn (templates/README.md documents the model)",
            DefaultValueFactory = _ => "roadmap",
            HelpName = "NAME|FILE.sbn",
        };
        var langOption = new Option<string>("--lang") { Description = "Language of the report: en or ro", DefaultValueFactory = _ => "en", HelpName = "LANG" };
        var formatOption = CommandLine.FormatOption([.. RoadmapTemplates.Formats]);
        var asOfOption = CommandLine.DateOption("--as-of", "Evaluation date (default: the application's submission date, else today)");
        var outputOption = new Option<string?>("-o", "--output") { Description = "Write the report to this file (required for pdf; default: standard output)", HelpName = "FILE" };
        var catalogueOption = CommandLine.CatalogueOption();
        var command = new Command("roadmap", "Render a funding roadmap for a profile: where to apply and when, the de minimis ledger, near misses, facts to collect")
        {
            profileArgument, templateOption, langOption, formatOption, asOfOption, outputOption, catalogueOption,
        };
        command.SetAction(parse => Run(io,
            parse.GetValue(profileArgument)!,
            parse.GetValue(templateOption)!,
            parse.GetValue(langOption)!,
            parse.GetValue(formatOption)!,
            parse.GetValue(asOfOption),
            parse.GetValue(outputOption),
            parse.GetValue(catalogueOption)));
        return command;
    }

    private static int Run(CliIo io, string profilePath, string template, string lang, string format, DateOnly? asOf, string? output, string? catalogue)
    {
        if (format == "pdf" && output is null) throw new UsageException("a PDF needs a file: add -o FILE.pdf");
        var profile = EvaluateCommand.ReadProfile(io, profilePath);
        if (profile is null) return ExitCodes.Usage;

        var source = CommandLine.Catalogue(catalogue);
        RoadmapTemplate resolved;
        Language language;
        string templates;
        try
        {
            templates = RoadmapTemplates.Directory(source);
            language = Language.Load(templates, lang);
            resolved = RoadmapTemplates.Resolve(templates, template, format);
        }
        catch (RoadmapException e)
        {
            throw new UsageException(e.Message);
        }

        var engine = EligibilityEngine.Load(source, out var problems);
        if (problems.Count > 0)
            io.Error.WriteLine($"warning: {problems.Count} problem(s) in the catalogue; the schemes concerned are left out. Run 'clusterfinance rules validate' for the list.");
        var date = EligibilityEngine.ResolveDate(asOf, profile, io.Clock);
        if (RoadmapBuilder.DateProblem(date) is { } dateProblem) throw new UsageException(dateProblem);
        var model = RoadmapBuilder.Build(engine, profile, engine.Evaluate(profile, date), language);
        var result = RoadmapRenderer.Render(resolved, model, language, templates);
        if (!result.Succeeded)
        {
            io.Error.WriteLine($"error: the template '{resolved.Name}' was refused:");
            foreach (var error in result.Errors) io.Error.WriteLine($"  {error}");
            return ExitCodes.Wanting;
        }

        if (format == "pdf")
        {
            var pdf = Chromium.PrintToPdfAsync(result.Output!, TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
            if (!pdf.Succeeded) throw new UsageException(pdf.Error!, ExitCodes.Wanting);
            File.WriteAllBytes(output!, pdf.Bytes!);
            return ExitCodes.Success;
        }
        if (output is null) io.Out.Write(result.Output);
        else File.WriteAllText(output, result.Output);
        return ExitCodes.Success;
    }
}
