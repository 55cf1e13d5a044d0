namespace ClusterFinance.Core.Catalogue;

/// <summary>A funding scheme as described in catalogue/schemes/&lt;id&gt;.json (schemas/scheme.schema.json).</summary>
public sealed record Scheme
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? LocalName { get; init; }
    public required string Funder { get; init; }
    public string? Programme { get; init; }
    /// <summary>"eu", "national" or "regional".</summary>
    public required string Level { get; init; }
    /// <summary>grant, loan, guarantee, equity, voucher, prize, technical-assistance; the first is the main one.</summary>
    public required IReadOnlyList<string> Instruments { get; init; }
    /// <summary>ISO 3166-1 alpha-2 codes of the countries where applicants may be established.</summary>
    public required IReadOnlyList<string> Countries { get; init; }
    /// <summary>NUTS 2 or NUTS 3 codes when the scheme is limited to regions; empty for whole countries.</summary>
    public IReadOnlyList<string> NutsRegions { get; init; } = [];
    public required IReadOnlyList<string> Domains { get; init; }
    public required IReadOnlyList<string> ApplicantTypes { get; init; }
    public Amounts? Amounts { get; init; }
    public decimal? MaxAidIntensityPct { get; init; }
    /// <summary>not-state-aid, de-minimis, gber, notified, mixed.</summary>
    public required string StateAidRegime { get; init; }
    public IReadOnlyList<string> GberArticles { get; init; } = [];
    public IReadOnlyList<Call> Calls { get; init; } = [];
    public required IReadOnlyList<Source> Sources { get; init; }
    public required DateOnly FactsAsOf { get; init; }
    public required string Maintainer { get; init; }
    public bool Legacy { get; init; }
    public IReadOnlyList<ManualCheck> ManualChecks { get; init; } = [];
    /// <summary>Schemes that cannot fund the same project together with this one; the relation holds both ways.</summary>
    public IReadOnlyList<Exclusion> NotCombinableWith { get; init; } = [];
    public string? Summary { get; init; }
}

public sealed record Exclusion
{
    public required string SchemeId { get; init; }
    public required string Reason { get; init; }
    public required string Citation { get; init; }
}

public sealed record Amounts
{
    public decimal? MinEur { get; init; }
    public decimal? MaxEur { get; init; }
}

public sealed record Call
{
    public required string Id { get; init; }
    public string? Title { get; init; }
    public DateOnly? Opens { get; init; }
    /// <summary>Deadline or cut-off dates, in order.</summary>
    public IReadOnlyList<DateOnly> Deadlines { get; init; } = [];
    /// <summary>Applications taken continuously from the opening date; deadlines, if any, are cut-offs.</summary>
    public bool Continuous { get; init; }
    public decimal? BudgetEur { get; init; }
    /// <summary>For a recurring call whose next date is not published: "annual, usually Q1".</summary>
    public string? Expected { get; init; }
    public string? SourceUrl { get; init; }
    public bool Verified { get; init; } = true;
}

public sealed record Source
{
    public required string Url { get; init; }
    public string? Title { get; init; }
}

public sealed record ManualCheck
{
    public required string Id { get; init; }
    public required string Text { get; init; }
    public string? Citation { get; init; }
}
