using System.Text.Json;
using ClusterFinance.Core.Json;

namespace ClusterFinance.Core.Profiles;

/// <summary>One thing wrong with an input document, at a JSON path.</summary>
public sealed record InputProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

public sealed record ProfileReadResult(Profile? Profile, IReadOnlyList<InputProblem> Problems)
{
    public bool IsValid => Profile is not null && Problems.Count == 0;
}

/// <summary>
/// Reads a profile and reports every problem at once: JSON syntax, then the schema (unknown properties, wrong
/// types, impossible values), then the checks a schema cannot state (a NUTS code of another country).
/// A profile with any problem is not returned, so nothing is ever evaluated on it.
/// </summary>
public static class ProfileReader
{
    public static ProfileReadResult Read(string json) => Read(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Reads a profile from its UTF-8 bytes, as a request body or a file holds it: parsed once, checked, then bound.</summary>
    public static ProfileReadResult Read(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith(Utf8Bom)) utf8 = utf8[Utf8Bom.Length..];
        // The parser leaves the bytes inside strings to be decoded when read: text that is not UTF-8 is refused here.
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
            return new(null, [new InputProblem("$", "is not UTF-8 text: save the profile as UTF-8 and send it again")]);
        var mayHoldControlCharacters = MayHoldControlCharacters(utf8.Span);
        // A document the schema certainly accepts, as most are, is bound straight from its text: no document tree.
        if (!mayHoldControlCharacters && EmbeddedSchemas.Accepts(EmbeddedSchemas.Profile, utf8.Span))
            return Bind(() => JsonSerializer.Deserialize<Profile>(utf8.Span, JsonDefaults.Read), []);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, JsonDefaults.Document);
        }
        catch (JsonException e)
        {
            return new(null, [NotJson(e)]);
        }
        using (document)
        {
            var problems = SchemaProblems(document.RootElement, mayHoldControlCharacters);
            if (problems.Count > 0) return new(null, problems);
            // Bound from the same bytes: binding from the parsed document would write it out and parse it again.
            return Bind(() => JsonSerializer.Deserialize<Profile>(utf8.Span, JsonDefaults.Read), problems);
        }
    }

    /// <summary>Reads a profile held inside another document (a rule file's test case).</summary>
    public static ProfileReadResult Read(JsonElement root)
    {
        var problems = SchemaProblems(root, mayHoldControlCharacters: true);
        return problems.Count > 0 ? new(null, problems) : Bind(() => root.Deserialize<Profile>(JsonDefaults.Read), problems);
    }

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private static InputProblem NotJson(JsonException e) =>
        new(e.Path ?? "$", $"is not valid JSON (line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");

    private static List<InputProblem> SchemaProblems(JsonElement root, bool mayHoldControlCharacters)
    {
        List<InputProblem> text = mayHoldControlCharacters ? [.. ControlCharacters(root, "$")] : [];
        // Text that is half a character cannot be read by anything, the schema's evaluator included: named alone.
        if (text.Any(p => p.Message == HalfCharacter)) return [.. text.Where(p => p.Message == HalfCharacter)];
        var problems = EmbeddedSchemas.Problems(EmbeddedSchemas.Profile, root).Select(p => new InputProblem(p.Path, p.Message)).ToList();
        problems.AddRange(text);
        return problems;
    }

    private const string HalfCharacter = "holds an escaped half of a character (a lone surrogate such as \\ud800): write the whole character or remove it";

    private static ProfileReadResult Bind(Func<Profile?> deserialize, List<InputProblem> problems)
    {
        Profile profile;
        try
        {
            profile = deserialize() ?? throw new JsonException("The profile is null.");
        }
        catch (JsonException e)
        {
            return new(null, [new InputProblem(e.Path ?? "$", FirstSentence(e.Message))]);
        }
        problems.AddRange(ConsistencyProblems(profile));
        return problems.Count > 0 ? new(null, problems) : new(profile, []);
    }

    /// <summary>
    /// Whether any string of the document could hold a control character. JSON text cannot hold C0 controls raw, only
    /// escaped, so a document with no backslash, no DEL and no C1 control (UTF-8 C2 80 to C2 9F) holds none.
    /// </summary>
    private static bool MayHoldControlCharacters(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOfAny((byte)'\\', (byte)0x7F) >= 0) return true;
        for (var at = utf8.IndexOf((byte)0xC2); at >= 0 && at + 1 < utf8.Length; )
        {
            if (utf8[at + 1] is >= 0x80 and <= 0x9F) return true;
            var next = utf8[(at + 1)..].IndexOf((byte)0xC2);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return false;
    }

    /// <summary>
    /// Codes, ids and names never hold line breaks or tabs; the schema's patterns cannot say so (the evaluator's
    /// <c>$</c> also matches before a final line break, so "RO\n" would pass as a country).
    /// </summary>
    private static IEnumerable<InputProblem> ControlCharacters(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when Decoded(() => element.GetString()!) is null:
                yield return new(path, HalfCharacter);
                break;
            case JsonValueKind.String when element.GetString()!.Any(char.IsControl):
                yield return new(path, "contains a line break, tab or other control character; remove it");
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (Decoded(() => property.Name) is not { } name)
                    {
                        yield return new($"{path} (a property name)", HalfCharacter);
                        continue;
                    }
                    foreach (var problem in ControlCharacters(property.Value, path + "." + name)) yield return problem;
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    foreach (var problem in ControlCharacters(item, $"{path}[{index++}]")) yield return problem;
                break;
        }
    }

    /// <summary>The text, or null when an escape in it is half a character (a lone surrogate), which no string can hold.</summary>
    private static string? Decoded(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The NUTS prefix of a country: ISO codes except Greece (EL).</summary>
    public static string NutsPrefix(string country) => country == "GR" ? "EL" : country;

    private static IEnumerable<InputProblem> ConsistencyProblems(Profile profile)
    {
        var org = profile.Organisation;
        if (org?.Country is { } country)
        {
            var prefix = NutsPrefix(country);
            if (org.Nuts2 is { } nuts2 && !nuts2.StartsWith(prefix, StringComparison.Ordinal))
                yield return new("$.organisation.nuts2", $"'{nuts2}' is not a region of {country} (its NUTS codes start with {prefix})");
            if (org.Nuts3 is { } nuts3 && !nuts3.StartsWith(prefix, StringComparison.Ordinal))
                yield return new("$.organisation.nuts3", $"'{nuts3}' is not a region of {country} (its NUTS codes start with {prefix})");
        }
        if (org is { Nuts2: { } n2, Nuts3: { } n3 } && !n3.StartsWith(n2, StringComparison.Ordinal))
            yield return new("$.organisation.nuts3", $"'{n3}' does not lie in the NUTS 2 region '{n2}'");
        if (org?.Ownership is { PublicPct: { } pub, PrivatePct: { } priv } && pub + priv > 100)
            yield return new("$.organisation.ownership", $"public ({pub} %) and private ({priv} %) shares add up to more than 100 %");
        if (org is { RegistrationDate: { } registered } && profile.AsOf is { } asOf && registered > asOf)
            yield return new("$.organisation.registrationDate", $"{registered:yyyy-MM-dd} is after the profile's date {asOf:yyyy-MM-dd}");

        if (profile.Cluster?.Members is { Total: { } total } members)
        {
            var typed = (members.Micro ?? 0) + (members.Small ?? 0) + (members.Medium ?? 0) + (members.Large ?? 0)
                + (members.ResearchOrganisations ?? 0) + (members.Universities ?? 0) + (members.VetProviders ?? 0)
                + (members.PublicBodies ?? 0) + (members.Other ?? 0);
            if (typed > total)
                yield return new("$.cluster.members.total", $"{total} members in all, but the counts by type add up to {typed}");
        }
        if (profile.Cluster?.ExcellenceLabel is { AssessedOn: { } assessed, ValidUntil: { } until } && until < assessed)
            yield return new("$.cluster.excellenceLabel.validUntil", $"{until:yyyy-MM-dd} is before the assessment date {assessed:yyyy-MM-dd}");

        var relationships = profile.Size?.Relationships ?? [];
        for (var i = 0; i < relationships.Count; i++)
        {
            if (relationships[i].EntityId == "self")
                yield return new($"$.size.relationships[{i}].entityId", "'self' names the applicant; give the related enterprise its own id");
        }

        var partners = profile.Application?.Consortium ?? [];
        for (var i = 0; i < partners.Count; i++)
        {
            if (partners[i] is { Country: { } c, Nuts2: { } n } && !n.StartsWith(NutsPrefix(c), StringComparison.Ordinal))
                yield return new($"$.application.consortium[{i}].nuts2", $"'{n}' is not a region of {c} (its NUTS codes start with {NutsPrefix(c)})");
            if (partners[i] is { Nuts2: { } pn2, Nuts3: { } pn3 } && !pn3.StartsWith(pn2, StringComparison.Ordinal))
                yield return new($"$.application.consortium[{i}].nuts3", $"'{pn3}' does not lie in the NUTS 2 region '{pn2}'");
        }

        if (profile.Application is { TrlStart: { } start, TrlTarget: { } target } && target < start)
            yield return new("$.application.trlTarget", $"TRL {target} is below the starting TRL {start}");
        var projects = profile.Projects ?? [];
        for (var i = 0; i < projects.Count; i++)
            if (projects[i] is { TrlStart: { } ps, TrlTarget: { } pt } && pt < ps)
                yield return new($"$.projects[{i}].trlTarget", $"TRL {pt} is below the starting TRL {ps}");
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
