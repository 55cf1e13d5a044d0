using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Facts;
using Spectre.Console;

namespace ClusterFinance.Cli;

/// <summary>Where a command writes and what time it is; tests pass their own.</summary>
public sealed record CliIo(TextWriter Out, TextWriter Error, TimeProvider Clock, bool OutputRedirected = true)
{
    /// <summary>Tables for people: colour on a terminal, plain text and a fixed width when redirected.</summary>
    public IAnsiConsole Tables()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = OutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = OutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = OutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (OutputRedirected) console.Profile.Width = 160;
        return console;
    }
}

/// <summary>Exit codes of every command (../DESIGN.md, Command line).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The input was read and found wanting: invalid rules, failed tests.</summary>
    public const int Wanting = 1;
    /// <summary>Usage error or unreadable input.</summary>
    public const int Usage = 2;
}

/// <summary>A problem the user can act on; the command prints its message and exits with its code.</summary>
public sealed class UsageException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

public static class CommandLine
{
    public static int Run(string[] args, CliIo io)
    {
        var root = new RootCommand("ClusterFinance: which EU, national and regional funding an industrial cluster can get, and why.")
        {
            EvaluateCommand.Create(io),
            RulesCommands.Create(io),
            CatalogueCommands.Create(io),
            SimulateCommand.Create(io),
            RoadmapCommand.Create(io),
        };
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) io.Error.WriteLine($"error: {error.Message}");
            io.Error.WriteLine($"Run 'clusterfinance {string.Join(' ', CommandPath(result))} --help' for usage.".Replace("  ", " ", StringComparison.Ordinal));
            return ExitCodes.Usage;
        }
        try
        {
            return result.Invoke(new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            io.Error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (CatalogueException e)
        {
            io.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (var symbol = result.CommandResult; symbol is not null; symbol = symbol.Parent as CommandResult)
            if (symbol.Command is not RootCommand) names.Insert(0, symbol.Command.Name);
        return names;
    }

    // Options shared by several commands.

    public static Option<string?> CatalogueOption() => new("--catalogue")
    {
        Description = "Folder holding catalogue/ and rules/ (default: found upwards from the working directory)",
        HelpName = "DIR",
    };

    public static Option<string> FormatOption(params string[] formats)
    {
        var option = new Option<string>("--format")
        {
            Description = $"Output format: {string.Join(", ", formats)}",
            DefaultValueFactory = _ => formats[0],
            HelpName = "FORMAT",
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    public static Option<DateOnly?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        CustomParser = ParseDate,
    };

    private static DateOnly? ParseDate(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        result.AddError($"'{token}' is not a date: write it as YYYY-MM-DD, for example 2026-11-26");
        return null;
    }

    public static CatalogueSource Catalogue(string? root) => CatalogueSource.Locate(root);
}
