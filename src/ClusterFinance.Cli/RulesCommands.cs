using System.CommandLine;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Cli;

/// <summary><c>clusterfinance rules validate|test</c>: what agencies run before they publish a rule change.</summary>
public static class RulesCommands
{
    public static Command Create(CliIo io)
    {
        var rules = new Command("rules", "Check rule files and run the agencies' test cases");

        var validatePaths = new Argument<string[]>("PATH") { Description = "Rule files or folders (default: the whole catalogue)", Arity = ArgumentArity.ZeroOrMore };
        var validateCatalogue = CommandLine.CatalogueOption();
        var validate = new Command("validate", "Check rule files before anything runs: JSON, expressions, provenance, safety") { validatePaths, validateCatalogue };
        validate.SetAction(parse => Validate(io, parse.GetValue(validatePaths) ?? [], parse.GetValue(validateCatalogue)));

        var testPaths = new Argument<string[]>("PATH") { Description = "Rule files or folders whose .tests.json to run (default: the whole catalogue)", Arity = ArgumentArity.ZeroOrMore };
        var testCatalogue = CommandLine.CatalogueOption();
        var test = new Command("test", "Run the test cases of rules/<id>.tests.json") { testPaths, testCatalogue };
        test.SetAction(parse => Test(io, parse.GetValue(testPaths) ?? [], parse.GetValue(testCatalogue)));

        rules.Subcommands.Add(validate);
        rules.Subcommands.Add(test);
        return rules;
    }

    private static int Validate(CliIo io, string[] paths, string? catalogue)
    {
        var (_, problems, count) = Load(paths, catalogue);
        foreach (var problem in problems) io.Out.WriteLine(problem);
        io.Out.WriteLine(problems.Count == 0
            ? $"{count} rule file(s) valid."
            : $"{problems.Count} problem(s) in {problems.Select(p => p.File).Distinct().Count()} file(s); {count} rule file(s) checked.");
        return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Wanting;
    }

    private static int Test(CliIo io, string[] paths, string? catalogue)
    {
        var (engine, problems, _) = Load(paths, catalogue);
        foreach (var problem in problems) io.Out.WriteLine(problem);

        var ruleFiles = paths.Length == 0 ? CommandLine.Catalogue(catalogue).RuleFiles().ToList() : Expand(paths);
        int passed = 0, failed = 0;
        foreach (var ruleFile in ruleFiles)
        {
            var testFile = RuleTests.TestFileOf(ruleFile);
            if (!File.Exists(testFile))
            {
                io.Out.WriteLine($"{ruleFile}: no test cases ({Path.GetFileName(testFile)} is missing)");
                failed++;
                continue;
            }
            if (!engine.Contains(RuleFile.SchemeIdOf(ruleFile))) { failed++; continue; }
            var outcomes = RuleTests.Run(engine, testFile);
            foreach (var outcome in outcomes.Where(o => !o.Passed))
                foreach (var failure in outcome.Failures)
                    io.Out.WriteLine($"{testFile}:{outcome.Case}: {failure}");
            passed += outcomes.Count(o => o.Passed);
            failed += outcomes.Count(o => !o.Passed);
        }
        io.Out.WriteLine($"{passed} case(s) passed, {failed} failed, in {ruleFiles.Count} rule file(s).");
        return failed == 0 && problems.Count == 0 ? ExitCodes.Success : ExitCodes.Wanting;
    }

    /// <summary>The engine over the whole catalogue, or over the given files with metadata found beside them.</summary>
    private static (EligibilityEngine Engine, IReadOnlyList<RuleProblem> Problems, int Count) Load(string[] paths, string? catalogue)
    {
        if (paths.Length == 0)
        {
            var source = CommandLine.Catalogue(catalogue);
            var engine = EligibilityEngine.Load(source, out var problems);
            return (engine, problems, source.RuleFiles().Count());
        }

        var files = Expand(paths);
        var lookups = TryLookups(catalogue, files);
        var metadataProblems = new List<RuleProblem>();
        var inputs = files.Select(f => (f, File.ReadAllBytes(f), MetadataBeside(f, metadataProblems))).ToList();
        var fromFiles = EligibilityEngine.FromFiles(inputs, lookups, out var fileProblems);
        return (fromFiles, [.. metadataProblems, .. fileProblems], files.Count);
    }

    private static List<string> Expand(string[] paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.json").Where(f => !f.EndsWith(".tests.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            else if (File.Exists(path))
                files.Add(path.EndsWith(".tests.json", StringComparison.Ordinal) ? path[..^".tests.json".Length] + ".json" : path);
            else
                throw new UsageException($"'{path}' does not exist");
        }
        return [.. files.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// catalogue/schemes/&lt;id&gt;.json next to the rules/ folder holding the file, when there is one; its problems are
    /// reported, since rules that read the scheme's metadata cannot be checked without it.
    /// </summary>
    private static Scheme? MetadataBeside(string ruleFile, List<RuleProblem> problems)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(ruleFile))!;
        var metadata = Path.GetFullPath(Path.Combine(directory, "..", "catalogue", "schemes", RuleFile.SchemeIdOf(ruleFile) + ".json"));
        if (!File.Exists(metadata)) return null;
        var (scheme, found) = CatalogueSource.ReadScheme(metadata);
        problems.AddRange(found);
        return scheme;
    }

    private static Lookups TryLookups(string? catalogue, List<string> files)
    {
        var beside = files.Select(f => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(f))!, "..", "catalogue", "lookups"))
            .FirstOrDefault(Directory.Exists);
        if (beside is not null) return Lookups.Load(beside);
        try
        {
            return CommandLine.Catalogue(catalogue).LoadLookups();
        }
        catch (CatalogueException)
        {
            return Lookups.Empty;
        }
    }
}
