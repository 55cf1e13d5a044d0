using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Catalogue;

/// <summary>
/// The catalogue as it sits on disk: scheme metadata in catalogue/schemes, look-up tables in catalogue/lookups,
/// rule files and their tests in rules/. Loading reads and checks everything and says what is wrong; a scheme
/// with a broken rule file is left out rather than evaluated on half its rules.
/// </summary>
public sealed class CatalogueSource
{
    public required string Root { get; init; }
    public string SchemesDirectory => Path.Combine(Root, "catalogue", "schemes");
    public string LookupsDirectory => Path.Combine(Root, "catalogue", "lookups");
    public string RulesDirectory => Path.Combine(Root, "rules");

    /// <summary>A folder of rule files that replace the catalogue's own, file by file (a rule change under study).</summary>
    public string? RulesOverride { get; init; }

    /// <summary>The same catalogue with the rule files of <paramref name="directory"/> in place of its own.</summary>
    public CatalogueSource WithRules(string directory)
    {
        if (!Directory.Exists(directory)) throw new CatalogueException(directory, "no such rules folder");
        return new CatalogueSource { Root = Root, RulesOverride = Path.GetFullPath(directory) };
    }

    /// <summary>
    /// The catalogue root: the given directory, else CLUSTERFINANCE_HOME, else the first directory holding
    /// catalogue/schemes and rules/ upwards from the working directory or from the program.
    /// </summary>
    public static CatalogueSource Locate(string? root = null)
    {
        if (root is not null)
        {
            var full = Path.GetFullPath(root);
            if (!Directory.Exists(Path.Combine(full, "catalogue", "schemes")))
                throw new CatalogueException(full, "no catalogue/schemes folder here");
            return new CatalogueSource { Root = full };
        }
        var home = Environment.GetEnvironmentVariable("CLUSTERFINANCE_HOME");
        if (!string.IsNullOrEmpty(home)) return Locate(home);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "catalogue", "schemes")) && Directory.Exists(Path.Combine(dir.FullName, "rules")))
                    return new CatalogueSource { Root = dir.FullName };
        }
        throw new CatalogueException(Directory.GetCurrentDirectory(),
            "cannot find the catalogue (a folder holding catalogue/schemes and rules/); run from a clone or pass --catalogue DIR");
    }

    public IEnumerable<string> SchemeFiles() => Directory.Exists(SchemesDirectory)
        ? Directory.EnumerateFiles(SchemesDirectory, "*.json").Order(StringComparer.Ordinal) : [];

    public IEnumerable<string> RuleFiles()
    {
        static IEnumerable<string> In(string dir) => Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.json").Where(f => !f.EndsWith(".tests.json", StringComparison.Ordinal))
            : [];
        if (RulesOverride is null) return In(RulesDirectory).Order(StringComparer.Ordinal);
        var replaced = In(RulesOverride).ToDictionary(f => Path.GetFileName(f), f => f, StringComparer.Ordinal);
        return In(RulesDirectory).Select(f => replaced.GetValueOrDefault(Path.GetFileName(f), f))
            .Concat(replaced.Values.Where(f => !File.Exists(Path.Combine(RulesDirectory, Path.GetFileName(f)))))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal);
    }

    public Lookups LoadLookups() => Directory.Exists(LookupsDirectory) ? Lookups.Load(LookupsDirectory) : Lookups.Empty;

    /// <summary>Reads and checks one scheme metadata file.</summary>
    public static (Scheme? Scheme, IReadOnlyList<RuleProblem> Problems) ReadScheme(string path) =>
        ReadScheme(path, File.ReadAllBytes(path), Path.GetFileNameWithoutExtension(path));

    /// <summary>Reads and checks scheme metadata: its schema, its id, its calls' dates.</summary>
    public static (Scheme? Scheme, IReadOnlyList<RuleProblem> Problems) ReadScheme(string path, byte[] bytes, string expectedId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0), JsonDefaults.Document);
        }
        catch (JsonException e)
        {
            return (null, [new RuleProblem(path, null, $"invalid JSON at line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}")]);
        }
        using (document)
        {
            var problems = EmbeddedSchemas.Problems(EmbeddedSchemas.Scheme, document.RootElement)
                .Select(p => new RuleProblem(path, null, $"{p.Path}: {p.Message}")).ToList();
            if (problems.Count > 0) return (null, problems);
            var scheme = document.RootElement.Deserialize<Scheme>(JsonDefaults.Read)!;
            if (scheme.Id != expectedId) problems.Add(new RuleProblem(path, null, $"id '{scheme.Id}' differs from the scheme id '{expectedId}'"));
            foreach (var call in scheme.Calls)
                if (call.Opens is { } opens && call.Deadlines.Any(d => d < opens))
                    problems.Add(new RuleProblem(path, null, $"call '{call.Id}' has a deadline before it opens"));
            return (problems.Count == 0 ? scheme : null, problems);
        }
    }

    /// <summary>SHA-256 over every scheme, look-up and rule file (names and bytes), in a fixed order.</summary>
    public string Hash()
    {
        var files = SchemeFiles()
            .Concat(Directory.Exists(LookupsDirectory) ? Directory.EnumerateFiles(LookupsDirectory, "*.json") : [])
            .Concat(RuleFiles())
            .Select(f => (Name: Path.GetRelativePath(Root, f).Replace('\\', '/'), Path: f))
            .OrderBy(f => f.Name, StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, path) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            sha.AppendData(File.ReadAllBytes(path));
        }
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
