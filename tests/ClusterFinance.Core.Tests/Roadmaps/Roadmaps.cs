using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Roadmaps;

namespace ClusterFinance.Core.Tests.Roadmaps;

/// <summary>The real pipeline: profile, evaluation against the repository's catalogue, model, template.</summary>
internal static class Roadmaps
{
    /// <summary>The fixed evaluation date of the golden files.</summary>
    public static readonly DateOnly GoldenDate = new(2026, 11, 26);

    public static string TemplatesDirectory => Repository.Path("templates");

    public static Language Language(string code) => Core.Roadmaps.Language.Load(TemplatesDirectory, code);

    public static Profile Example(string name) =>
        ProfileReader.Read(File.ReadAllText(Repository.Path("examples", "profiles", name + ".json"))).Profile!;

    public static RoadmapModel Model(Profile profile, DateOnly asOf, string lang = "en") =>
        RoadmapBuilder.Build(Repository.Engine, profile, Repository.Engine.Evaluate(profile, asOf), Language(lang));

    public static RenderResult Render(RoadmapModel model, string template, string format, string lang = "en", TimeSpan? timeLimit = null) =>
        RoadmapRenderer.Render(RoadmapTemplates.Resolve(TemplatesDirectory, template, format), model, Language(lang), TemplatesDirectory, timeLimit, TestContext.Current.CancellationToken);

    public static RenderResult RenderText(RoadmapModel model, string name, string text, TimeSpan? timeLimit = null) =>
        RoadmapRenderer.Render(new RoadmapTemplate(name, text), model, Language(model.Language), TemplatesDirectory, timeLimit, TestContext.Current.CancellationToken);
}
