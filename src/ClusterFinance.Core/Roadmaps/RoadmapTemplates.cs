using ClusterFinance.Core.Catalogue;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>
/// The report templates and string tables of templates/, beside catalogue/ (found the way the catalogue is found),
/// and advisers' own template files.
/// </summary>
public static class RoadmapTemplates
{
    /// <summary>The shipped templates: a full roadmap and a one-page summary.</summary>
    public static IReadOnlyList<string> Names { get; } = ["roadmap", "summary"];

    /// <summary>The output formats; a PDF is printed from the HTML.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["md", "html", "pdf"];

    public static string Directory(CatalogueSource source)
    {
        var directory = Path.Combine(source.Root, "templates");
        return System.IO.Directory.Exists(directory) ? directory
            : throw new RoadmapException(directory, "no templates folder beside the catalogue");
    }

    /// <summary>
    /// A shipped template by name for the format (templates/roadmap.md.sbn; PDF uses the HTML), or an adviser's
    /// template file (a path ending in .sbn).
    /// </summary>
    public static RoadmapTemplate Resolve(string templatesDirectory, string nameOrFile, string format)
    {
        if (Names.Contains(nameOrFile))
        {
            var extension = format == "md" ? "md" : "html";
            var path = Path.Combine(templatesDirectory, $"{nameOrFile}.{extension}.sbn");
            return new RoadmapTemplate($"{nameOrFile}.{extension}.sbn", File.ReadAllText(path));
        }
        if (!nameOrFile.EndsWith(".sbn", StringComparison.OrdinalIgnoreCase))
            throw new RoadmapException(nameOrFile, $"unknown template: give {string.Join(" or ", Names)}, or a template file ending in .sbn");
        try
        {
            return new RoadmapTemplate(nameOrFile, File.ReadAllText(nameOrFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RoadmapException(nameOrFile, $"cannot read the template: {e.Message}");
        }
    }
}
