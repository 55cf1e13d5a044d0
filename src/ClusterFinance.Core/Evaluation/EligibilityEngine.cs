using System.Collections;
using System.Globalization;
using System.Reflection;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Evaluation;

/// <summary>
/// Evaluates a profile against every scheme of the catalogue. All rule files are compiled once, when the engine
/// is built; evaluating runs compiled delegates and formats explanations only when they are read.
/// </summary>
public sealed class EligibilityEngine
{
    private readonly IReadOnlyList<CompiledScheme> schemes;
    private readonly Dictionary<string, CompiledScheme> byId;
    private readonly FactsCalculator facts;

    public static string Version { get; } =
        typeof(EligibilityEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    private EligibilityEngine(IReadOnlyList<CompiledScheme> schemes, Lookups lookups, string catalogueHash)
    {
        this.schemes = schemes;
        byId = schemes.ToDictionary(s => s.Scheme.Id, StringComparer.Ordinal);
        facts = new FactsCalculator(lookups);
        Lookups = lookups;
        CatalogueHash = catalogueHash;
    }

    public string CatalogueHash { get; }
    public Lookups Lookups { get; }
    public IReadOnlyList<Scheme> Schemes => [.. schemes.Select(s => s.Scheme)];
    public bool Contains(string schemeId) => byId.ContainsKey(schemeId);
    public CompiledScheme? Compiled(string schemeId) => byId.GetValueOrDefault(schemeId);
    public FactsCalculator Facts => facts;

    /// <summary>
    /// Loads the whole catalogue. Problems are returned, not thrown: a scheme whose metadata or rules are broken
    /// is left out and named in <paramref name="problems"/>.
    /// </summary>
    public static EligibilityEngine Load(CatalogueSource source, out IReadOnlyList<RuleProblem> problems)
    {
        var found = new List<RuleProblem>();
        var lookups = source.LoadLookups();
        var metadata = new Dictionary<string, Scheme>(StringComparer.Ordinal);
        // Files are read and compiled on all cores; results and problems are taken in file order.
        foreach (var (scheme, schemeProblems) in source.SchemeFiles().AsParallel().AsOrdered().Select(CatalogueSource.ReadScheme).ToList())
        {
            found.AddRange(schemeProblems);
            if (scheme is not null) metadata[scheme.Id] = scheme;
        }

        var compiled = new List<CompiledScheme>();
        var ruleFiles = source.RuleFiles().ToList();
        var withRules = ruleFiles.Select(RuleFile.SchemeIdOf).ToHashSet(StringComparer.Ordinal);
        var results = ruleFiles.AsParallel().AsOrdered().Select(path =>
        {
            var id = RuleFile.SchemeIdOf(path);
            return metadata.TryGetValue(id, out var scheme)
                ? Compile(path, File.ReadAllBytes(path), scheme, lookups)
                : (null, [new RuleProblem(path, null, $"no scheme metadata: catalogue/schemes/{id}.json is missing or invalid")]);
        }).ToList();
        foreach (var result in results)
        {
            found.AddRange(result.Problems);
            if (result.Scheme is not null) compiled.Add(result.Scheme);
        }
        foreach (var id in metadata.Keys.Where(id => !withRules.Contains(id)))
            found.Add(new RuleProblem(Path.Combine(source.SchemesDirectory, id + ".json"), null, $"no rule file: rules/{id}.json is missing"));

        problems = found;
        return new EligibilityEngine(compiled, lookups, source.Hash());
    }

    /// <summary>An engine over schemes compiled elsewhere (a store of versions); nothing is compiled here.</summary>
    public static EligibilityEngine Create(IReadOnlyList<CompiledScheme> schemes, Lookups lookups, string catalogueHash) =>
        new(schemes, lookups, catalogueHash);

    /// <summary>An engine over rule files given by path (metadata looked up beside them when it exists).</summary>
    public static EligibilityEngine FromFiles(IEnumerable<(string Path, byte[] Bytes, Scheme? Scheme)> files, Lookups lookups, out IReadOnlyList<RuleProblem> problems)
    {
        var found = new List<RuleProblem>();
        var compiled = new List<CompiledScheme>();
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var (path, bytes, scheme) in files)
        {
            sha.AppendData(bytes);
            var result = Compile(path, bytes, scheme ?? PlaceholderScheme(RuleFile.SchemeIdOf(path)), lookups);
            found.AddRange(result.Problems);
            if (result.Scheme is not null) compiled.Add(result.Scheme);
        }
        problems = found;
        return new EligibilityEngine(compiled, lookups, "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Parses, checks and compiles one rule file; the compiled scheme is null when anything is wrong.</summary>
    public static (CompiledScheme? Scheme, IReadOnlyList<RuleProblem> Problems) Compile(string path, byte[] bytes, Scheme scheme, Lookups lookups, int? version = null)
    {
        var (file, readProblems) = RuleFile.Parse(path, bytes);
        if (file is null) return (null, readProblems);
        var (rules, problems) = CriterionCompiler.Compile(file);
        var all = problems.Concat(CountrySetReferences(file, lookups)).ToList();
        return all.Count > 0 || rules is null ? (null, all) : (new CompiledScheme(scheme, file, rules, version), []);
    }

    /// <summary>Evaluates the profile on the date against every scheme, or those named.</summary>
    public EvaluationReport Evaluate(Profile profile, DateOnly asOf, IReadOnlyCollection<string>? schemeIds = null)
    {
        var derived = facts.Compute(profile, asOf);
        var all = schemeIds is null or { Count: 0 };
        var selected = all ? schemes : [.. schemeIds!.Select(id => byId[id])];
        return new EvaluationReport
        {
            AsOf = asOf,
            // The receipt of the whole catalogue is the same for every evaluation: made once.
            Receipt = all ? wholeCatalogue ??= ReceiptFor(schemes) : ReceiptFor(selected),
            Results = [.. selected.Select(s => Evaluate(s, profile, derived, asOf))],
        };
    }

    private Receipt? wholeCatalogue;

    private Receipt ReceiptFor(IReadOnlyList<CompiledScheme> selected) => new()
    {
        Catalogue = CatalogueHash,
        Engine = Version,
        Rules = selected.ToDictionary(s => s.Scheme.Id, s => s.RuleFile.Hash),
        Versions = selected.Any(s => s.Version is not null)
            ? selected.Where(s => s.Version is not null).ToDictionary(s => s.Scheme.Id, s => s.Version!.Value)
            : null,
    };

    /// <summary>
    /// Verdicts of many profiles against every scheme, on all cores, without explanations: one row per profile, one
    /// outcome per scheme in the order of <see cref="CompiledSchemes"/>.
    /// </summary>
    public SchemeOutcome[][] EvaluateMany(IReadOnlyList<Profile> profiles, DateOnly asOf, Action<int>? progress = null, CancellationToken cancellationToken = default) =>
        BulkEvaluator.Evaluate(schemes, facts, profiles, asOf, progress, cancellationToken);

    public IReadOnlyList<CompiledScheme> CompiledSchemes => schemes;

    /// <summary>Compiles every scheme's program to machine code now, on all cores, rather than after its first uses.</summary>
    public void CompilePrograms() => Parallel.ForEach(schemes, scheme => scheme.Compile());

    /// <summary>The evaluation date: --as-of, else the application's submission date, else today.</summary>
    public static DateOnly ResolveDate(DateOnly? asOf, Profile profile, TimeProvider clock) =>
        asOf ?? profile.Application?.SubmissionDate ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    internal static SchemeResult Evaluate(CompiledScheme compiled, Profile profile, DerivedFacts derived, DateOnly asOf) =>
        CriterionEvaluator.Evaluate(compiled, profile, derived, asOf);

    /// <summary>A value as a person reads it: 300,000 for money, 2026-03-01 for dates, lists joined.</summary>
    public static string FormatValue(object? value) => Explanations.FormatValue(value);

    private static IEnumerable<RuleProblem> CountrySetReferences(RuleFile file, Lookups lookups)
    {
        if (lookups.CountrySets.Count == 0) yield break;
        var ids = lookups.CountrySets.Select(s => s.Id).Concat(lookups.ProgrammeAreas.Select(a => a.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in Flatten(file.Rules))
        {
            if (rule.Expression is null) continue;
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(rule.Expression,
                         @"(?:countrySets\.Contains|programmeAreas\.Contains|consortiumCountriesIn)\(""([^""]+)""\)", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
                if (!ids.Contains(m.Groups[1].Value))
                    yield return new RuleProblem(file.Path, rule.Name, $"'{m.Groups[1].Value}' is not a country set or programme area of catalogue/lookups");
        }
    }

    private static IEnumerable<RuleDefinition> Flatten(IEnumerable<RuleDefinition> rules) =>
        rules.SelectMany(r => Flatten(r.Rules).Prepend(r));

    internal static Scheme PlaceholderScheme(string id) => new()
    {
        Id = id, Name = id, Funder = "unknown", Level = "unknown", Instruments = [], Countries = [], Domains = [],
        ApplicantTypes = [], StateAidRegime = "unknown", Sources = [], FactsAsOf = DateOnly.MinValue, Maintainer = "unknown",
    };
}

/// <summary>A scheme with its compiled criteria and the rule file they came from.</summary>
public sealed class CompiledScheme
{
    private readonly SchemeProgram program;
    private readonly int[] topSlots;

    internal CompiledScheme(Scheme scheme, RuleFile ruleFile, CriterionCompiler.Compiled rules, int? version)
    {
        Scheme = scheme;
        RuleFile = ruleFile;
        Criteria = rules.Criteria;
        Slots = rules.Slots;
        program = rules.Program;
        topSlots = [.. rules.Criteria.Select(c => c.Slot)];
        Version = version;
        Verified = rules.Criteria.All(c => c.Verified);
    }

    /// <summary>Its id, name and level as verdict documents write them.</summary>
    internal VerdictWriting.EncodedScheme Encoded => encoded ??= new(Scheme);
    private VerdictWriting.EncodedScheme? encoded;

    /// <summary>How many verdicts (criteria, nested criteria and conditions) one run of the scheme writes.</summary>
    internal int Slots { get; }

    /// <summary>Runs every criterion on the profile; <paramref name="verdicts"/> has at least <see cref="Slots"/> entries.</summary>
    internal void Run(Profile profile, DerivedFacts facts, EvaluationContext context, CriterionVerdict[] verdicts) =>
        program.Run(profile, facts, context, verdicts);

    /// <summary>Compiles the scheme's program to machine code now rather than after its first uses.</summary>
    internal void Compile() => program.Compile();

    /// <summary>Whether the scheme's program runs as machine code yet (it starts interpreted).</summary>
    public bool IsCompiled => program.IsCompiled;

    /// <summary>The verdict and the failed and unknown top-level criteria, as bit sets.</summary>
    internal SchemeOutcome Outcome(Profile profile, DerivedFacts facts, EvaluationContext context, CriterionVerdict[] verdicts)
    {
        program.Run(profile, facts, context, verdicts);
        ulong failed = 0, unknown = 0;
        for (var i = 0; i < topSlots.Length; i++)
        {
            switch (verdicts[topSlots[i]])
            {
                case CriterionVerdict.Fail: failed |= 1UL << i; break;
                case CriterionVerdict.Unknown: unknown |= 1UL << i; break;
            }
        }
        var verdict = failed != 0 ? SchemeVerdict.NotEligible : unknown != 0 ? SchemeVerdict.Undetermined : SchemeVerdict.Eligible;
        return new SchemeOutcome(verdict, failed, unknown);
    }

    /// <summary>False when a criterion rests on facts from a secondary source.</summary>
    public bool Verified { get; }

    public Scheme Scheme { get; }
    /// <summary>The published version number, when the scheme comes from a store of versions.</summary>
    public int? Version { get; }
    public RuleFile RuleFile { get; }
    internal IReadOnlyList<CompiledCriterion> Criteria { get; }
    public IReadOnlyList<string> CriterionIds => criterionIds ??= [.. Criteria.Select(c => c.Id)];
    private IReadOnlyList<string>? criterionIds;

    /// <summary>The criteria as a reader sees them: what each tests, why it fails, where it comes from.</summary>
    public IReadOnlyList<CriterionDescription> Describe() => [.. Criteria.Select(Describe)];

    private static CriterionDescription Describe(CompiledCriterion c) => new(
        c.Id,
        c.Kind switch { CriterionKind.All => "all", CriterionKind.Any => "any", _ => null },
        c.Expression,
        c.ErrorMessage,
        c.Citation,
        c.FactsAsOf,
        c.Verified,
        c.Children.Count == 0 ? null : [.. c.Children.Select(Describe)]);
}

/// <summary>A criterion of a rule file, described for people: <c>Combine</c> is "all" or "any" for composite criteria.</summary>
public sealed record CriterionDescription(
    string Id, string? Combine, string? Expression, string? Message, string? Citation, DateOnly? FactsAsOf, bool Verified,
    IReadOnlyList<CriterionDescription>? Children);
