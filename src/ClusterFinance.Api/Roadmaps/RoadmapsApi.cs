using ClusterFinance.Api.Infrastructure;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Roadmaps;
using ClusterFinance.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Api.Roadmaps;

/// <summary>Funding roadmaps rendered for a profile sent or stored: Markdown, HTML, or a PDF printed by Chromium.</summary>
public static class RoadmapsApi
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["md"] = "text/markdown; charset=utf-8",
        ["html"] = "text/html; charset=utf-8",
        ["pdf"] = "application/pdf",
    };

    private const string Description =
        "The adviser's roadmap (`template=roadmap`, the default) or a one-page summary (`template=summary`) of the profile: the eligible schemes on a 24-month timeline in the order to apply, the de minimis ledger, the changes that close each near miss, the facts to collect, manual checks, unverified facts and the receipt. " +
        "`format` is md, html or pdf; without it the Accept header chooses (text/markdown, text/html, application/pdf), else Markdown. `lang` is en (the default) or ro. " +
        "The evaluation date is `asOf`, else the application's submission date, else today; its 24-month horizon must end by 9999-12-31. " +
        "A PDF needs Chromium on the server: without it the answer is 503 and the HTML can be printed from a browser instead. Only a few PDFs are printed at once: when the printer is busy the answer is 503 with Retry-After.";

    public static void MapRoadmaps(this IEndpointRouteBuilder app)
    {
        app.MapPost("/roadmaps", RenderSent)
            .WithTags("Roadmaps")
            .WithName("RenderRoadmap")
            .WithSummary("Render a funding roadmap for a profile")
            .WithDescription("Send a cluster profile (schemas/profile.schema.json), as for POST /evaluations. " + Description)
            .Accepts<Profile>("application/json")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown", "text/html", "application/pdf")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapGet("/profiles/{id}/roadmap", RenderStored)
            .WithTags("Profiles")
            .WithName("RenderStoredProfileRoadmap")
            .WithSummary("Render a funding roadmap for a stored profile")
            .WithDescription(Description)
            .RequireAuthorization(Policies.Read)
            .Produces<string>(StatusCodes.Status200OK, "text/markdown", "text/html", "application/pdf")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> RenderSent(
        HttpRequest request, VersionedCatalogue catalogue, ApiSettings settings, PdfPrinter printer, TimeProvider clock, CancellationToken cancellationToken,
        string? format = null, string lang = "en", string template = "roadmap", string? asOf = null)
    {
        var (options, error) = Options(request, format, lang, template, asOf, settings, printer);
        if (options is null) return error!;
        var body = await RequestInput.ReadBodyAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null) return Problems.TooLarge(settings.MaxBodyBytes);
        var read = ProfileReader.Read(body);
        if (!read.IsValid) return Problems.InvalidProfile(read.Problems);
        var (file, problem) = await RenderAsync(read.Profile!, options, catalogue, printer, request.HttpContext.Response, clock, cancellationToken);
        if (file is not null) return file;
        return problem!;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RenderStored(
        string id, HttpRequest request, ClusterFinanceDb db, VersionedCatalogue catalogue, ApiSettings settings, PdfPrinter printer, TimeProvider clock, CancellationToken cancellationToken,
        string? format = null, string lang = "en", string template = "roadmap", string? asOf = null)
    {
        var (options, error) = Options(request, format, lang, template, asOf, settings, printer);
        if (options is null) return error!;
        var stored = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (stored is null) return Problems.NotFound($"There is no stored profile '{id}'.");
        var (file, problem) = await RenderAsync(ProfileReader.Read(stored.Json).Profile!, options, catalogue, printer, request.HttpContext.Response, clock, cancellationToken);
        if (file is not null) return file;
        return problem!;
    }

    private sealed record RenderOptions(string Format, Language Language, RoadmapTemplate Template, string TemplatesDirectory, DateOnly? AsOf);

    /// <summary>The query checked before anything is read or computed; every mistake named with what to write instead.</summary>
    private static (RenderOptions? Options, ProblemHttpResult? Error) Options(HttpRequest request, string? format, string lang, string template, string? asOf, ApiSettings settings, PdfPrinter printer)
    {
        format ??= Negotiate(request);
        if (!ContentTypes.ContainsKey(format)) return (null, Problems.BadRequest($"format '{format}' is not known: use md, html or pdf."));
        if (!RoadmapTemplates.Names.Contains(template)) return (null, Problems.BadRequest($"template '{template}' is not known: use roadmap or summary."));
        var (date, dateError) = RequestInput.Date(asOf, "asOf");
        if (dateError is not null) return (null, Problems.BadRequest(dateError));
        if (format == "pdf" && !printer.Available)
            return (null, TypedResults.Problem(Chromium.MissingMessage, statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF printing unavailable"));
        var templates = RoadmapTemplates.Directory(settings.Catalogue);
        var languages = Language.Codes(templates);
        if (!languages.Contains(lang)) return (null, Problems.BadRequest($"lang '{lang}' is not known: use {string.Join(" or ", languages)}."));
        return (new RenderOptions(format, Language.Load(templates, lang), RoadmapTemplates.Resolve(templates, template, format), templates, date), null);
    }

    /// <summary>The format the Accept header prefers among Markdown, HTML and PDF; Markdown when it names none.</summary>
    private static string Negotiate(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept
            .OrderByDescending(a => a.Quality ?? 1)
            .Select(a => a.MediaType.Value)
            .FirstOrDefault(m => m is "text/markdown" or "text/html" or "application/pdf");
        return accepted switch { "text/html" => "html", "application/pdf" => "pdf", _ => "md" };
    }

    private static async Task<(FileContentHttpResult? File, ProblemHttpResult? Problem)> RenderAsync(Profile profile, RenderOptions options,
        VersionedCatalogue catalogue, PdfPrinter printer, HttpResponse response, TimeProvider clock, CancellationToken cancellationToken)
    {
        var date = EligibilityEngine.ResolveDate(options.AsOf, profile, clock);
        if (RoadmapBuilder.DateProblem(date) is { } dateProblem) return (null, Problems.BadRequest(dateProblem));
        var engine = await catalogue.EngineOnAsync(date, cancellationToken);
        var model = RoadmapBuilder.Build(engine, profile, engine.Evaluate(profile, date), options.Language);
        var rendered = RoadmapRenderer.Render(options.Template, model, options.Language, options.TemplatesDirectory, cancellationToken: cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (!rendered.Succeeded)
            throw new InvalidOperationException($"The shipped template {options.Template.Name} failed: {string.Join("; ", rendered.Errors)}");
        var name = $"roadmap-{profile.ProfileId ?? "profile"}-{date:yyyy-MM-dd}.{options.Format}";
        if (options.Format != "pdf")
            return (TypedResults.File(System.Text.Encoding.UTF8.GetBytes(rendered.Output!), ContentTypes[options.Format], name), null);
        if (await printer.PrintAsync(rendered.Output!, cancellationToken) is not { } pdf)
        {
            response.Headers.RetryAfter = PdfPrinter.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (null, TypedResults.Problem(
                $"The PDF printer is busy with other roadmaps; try again in {PdfPrinter.RetryAfterSeconds} s, or ask for the HTML and print it from a browser.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF printer busy"));
        }
        return pdf.Succeeded
            ? (TypedResults.File(pdf.Bytes!, ContentTypes["pdf"], name), null)
            : (null, TypedResults.Problem(pdf.Error, statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF printing failed"));
    }
}
