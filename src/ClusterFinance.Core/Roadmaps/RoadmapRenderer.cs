using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>A template to render: its text and the name its errors are reported under.</summary>
public sealed record RoadmapTemplate(string Name, string Text);

/// <summary>What rendering gave: the text, or every error as <c>file:line:col: message</c>.</summary>
public sealed record RenderResult(string? Output, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Output is not null;
}

/// <summary>
/// Renders the roadmap model through a Scriban template, sandboxed: the template sees only the model (plain
/// Scriban objects and arrays, never .NET objects), the string table and a few formatting functions; variables
/// must exist, loops, recursion and output are bounded, rendering stops at a time limit, and <c>include</c> reads
/// only from the templates folder.
/// </summary>
public static class RoadmapRenderer
{
    public const int LoopLimit = 20_000;
    public const int RecursiveLimit = 50;
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(5);

    public static RenderResult Render(RoadmapTemplate template, RoadmapModel model, Language lang, string templatesDirectory,
        TimeSpan? timeLimit = null, CancellationToken cancellationToken = default)
    {
        var parsed = Template.Parse(template.Text, template.Name);
        if (parsed.HasErrors)
            return new RenderResult(null, [.. parsed.Messages.Select(m => Located(template.Name, m.Span, m.Message))]);

        var globals = new ScriptObject();
        foreach (var (key, value) in RecordToScript(model)) globals.SetValue(key, value, readOnly: true);
        globals.SetValue("s", ToScript(lang.Strings), readOnly: true);
        globals.SetValue("fmt", Functions(lang), readOnly: true);

        var allowed = timeLimit ?? DefaultTimeLimit;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (allowed <= TimeSpan.Zero) limit.Cancel();
        else limit.CancelAfter(allowed);
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = LoopLimit,
            LoopLimitQueryable = LoopLimit,
            RecursiveLimit = RecursiveLimit,
            LimitToString = 4_000_000,
            TemplateLoader = new TemplatesFolderLoader(templatesDirectory),
            CancellationToken = limit.Token,
            MemberFilter = _ => false,
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        var stopped = $"{template.Name}: rendering stopped after {allowed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s: the template runs too long (an endless loop?)";
        try
        {
            // Rendering runs on the thread pool so that the time limit holds even where the engine does not look at the token.
            var task = Task.Run(() => parsed.RenderAsync(context).AsTask(), limit.Token);
            if (!task.Wait(allowed + TimeSpan.FromSeconds(1), cancellationToken))
            {
                limit.Cancel();
                return new RenderResult(null, [stopped]);
            }
            return new RenderResult(task.Result, []);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new RenderResult(null, [$"{template.Name}: rendering was cancelled"]);
        }
        // Cancellation first: the engine's own abort on the time limit is one of its runtime errors.
        catch (AggregateException) when (cancellationToken.IsCancellationRequested)
        {
            return new RenderResult(null, [$"{template.Name}: rendering was cancelled"]);
        }
        catch (AggregateException) when (limit.IsCancellationRequested)
        {
            return new RenderResult(null, [stopped]);
        }
        catch (AggregateException e) when (e.InnerException is ScriptRuntimeException runtime)
        {
            return new RenderResult(null, [Located(template.Name, runtime.Span, runtime.OriginalMessage)]);
        }
        catch (AggregateException e) when (e.InnerException is { } failure)
        {
            // Anything else a builtin function threw (a string too long to build, say) refuses the template too.
            var where = context.CurrentNode is { } node ? Located(template.Name, node.Span, "") : $"{template.Name}: ";
            return new RenderResult(null, [$"{where}the template failed: {failure.Message}"]);
        }
    }

    private static string Located(string name, SourceSpan span, string message) =>
        $"{(string.IsNullOrEmpty(span.FileName) ? name : span.FileName)}:{span.Start.Line + 1}:{span.Start.Column + 1}: {message}";

    /// <summary>The model as plain Scriban values: records become objects with snake_case members, lists arrays.</summary>
    public static object? ToScript(object? value) => value switch
    {
        null => null,
        string or bool or int or long or decimal or double => value,
        JsonObject o => JsonToScript(o),
        JsonNode n => JsonToScript(n),
        IEnumerable list => new ScriptArray(list.Cast<object?>().Select(ToScript)),
        _ when value.GetType().Namespace == typeof(RoadmapModel).Namespace => RecordToScript(value),
        _ => throw new InvalidOperationException($"{value.GetType()} is not part of the roadmap model"),
    };

    private static ScriptObject RecordToScript(object record)
    {
        var obj = new ScriptObject();
        foreach (var property in record.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            obj.SetValue(SnakeCase(property.Name), ToScript(property.GetValue(record)), readOnly: true);
        return obj;
    }

    private static object? JsonToScript(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.Aggregate(new ScriptObject(), (obj, kv) => { obj.SetValue(SnakeCase(kv.Key), JsonToScript(kv.Value), readOnly: true); return obj; }),
        JsonArray a => new ScriptArray(a.Select(JsonToScript)),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v => v.GetValue<decimal>(),
        _ => throw new InvalidOperationException($"unexpected JSON node {node.GetType()}"),
    };

    /// <summary>"PlannedAmountEur" → "planned_amount_eur"; "innovation-rd" → "innovation_rd".</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '-') { text.Append('_'); continue; }
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '-') text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else text.Append(c);
        }
        return text.ToString();
    }

    private static ScriptObject Functions(Language lang)
    {
        var fmt = new ScriptObject();
        fmt.Import("money", new Func<TemplateContext, SourceSpan, object?, string>((_, at, v) => Checked(at, "money", () => lang.Money(v))));
        fmt.Import("number", new Func<TemplateContext, SourceSpan, object?, string>((_, at, v) => Checked(at, "number", () => lang.Number(v))));
        fmt.Import("percent", new Func<TemplateContext, SourceSpan, object?, string>((_, at, v) => Checked(at, "percent", () => lang.Percent(v))));
        fmt.Import("date", new Func<TemplateContext, SourceSpan, string?, string>((_, at, d) => Checked(at, "date", () => d is null ? "" : lang.Date(ParseDate(d)))));
        fmt.Import("month", new Func<TemplateContext, SourceSpan, string?, string>((_, at, d) => Checked(at, "month", () => d is null ? "" : lang.Month(ParseDate(d)))));
        fmt.Import("plural", new Func<TemplateContext, SourceSpan, string, object, string>((_, at, key, n) =>
            Checked(at, "plural", () => lang.Plural(key, Convert.ToDecimal(n, CultureInfo.InvariantCulture)))));
        fmt.Import("fill", new Func<TemplateContext, SourceSpan, string, ScriptArray, string>((_, at, text, args) => Checked(at, "fill", () =>
        {
            for (var i = 0; i < args.Count; i++)
                text = text.Replace("{" + i.ToString(CultureInfo.InvariantCulture) + "}", args[i] as string ?? lang.Number(args[i]), StringComparison.Ordinal);
            return text;
        })));
        fmt.Import("md", new Func<string?, string>(Markdown));
        return fmt;
    }

    /// <summary>A formatting function's failure on the template's values, reported where the template called it.</summary>
    private static string Checked(SourceSpan at, string function, Func<string> format)
    {
        try
        {
            return format();
        }
        catch (Exception e) when (e is not ScriptRuntimeException)
        {
            throw new ScriptRuntimeException(at, $"fmt.{function}: {e.Message}");
        }
    }

    private static DateOnly ParseDate(string iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new ArgumentException($"'{iso}' is not a date (yyyy-MM-dd)");

    /// <summary>Text safe inside a Markdown table cell or line: pipes, asterisks, underscores and brackets escaped, one line.</summary>
    private static string Markdown(string? text) => text is null ? "" : new StringBuilder(text)
        .Replace("\\", "\\\\").Replace("|", "\\|").Replace("*", "\\*").Replace("_", "\\_").Replace("[", "\\[").Replace("]", "\\]")
        .Replace("<", "&lt;").Replace("\r", "").Replace("\n", " ").ToString();

    /// <summary><c>include</c> resolves names inside the templates folder only; anything else is refused.</summary>
    private sealed class TemplatesFolderLoader(string directory) : ITemplateLoader
    {
        private readonly string root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;

        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
        {
            var name = Path.HasExtension(templateName) ? templateName : templateName + ".sbn";
            var full = Path.GetFullPath(Path.Combine(root, name));
            if (Path.IsPathRooted(templateName) || !full.StartsWith(root, StringComparison.Ordinal) || !File.Exists(full))
                throw new ScriptRuntimeException(callerSpan, $"include '{templateName}': only templates of the templates folder can be included");
            return full;
        }

        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => File.ReadAllText(templatePath);

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
            new((string?)File.ReadAllText(templatePath));
    }
}
