namespace ClusterFinance.Core.Roadmaps;

// The model a roadmap template formats. Everything is decided here, in C#: the order of the plan, the ledger, the
// wording of the changes that close a near miss, the ranking of the facts to collect. Templates only format it.
// templates/README.md documents every member under its template name (snake_case). Dates are ISO strings
// (yyyy-MM-dd) that the template writes with date(...); amounts are decimals in EUR, written with money(...).

public sealed record RoadmapModel
{
    public required string Language { get; init; }
    public required Client Client { get; init; }
    public required string AsOf { get; init; }
    /// <summary>The end of the planning horizon: 24 months after the evaluation date.</summary>
    public required string HorizonEnd { get; init; }
    public required int HorizonMonths { get; init; }
    public required RoadmapSummary Summary { get; init; }
    /// <summary>The eligible schemes the roadmap plans, in the order to apply: by next deadline, then open continuously, then expected.</summary>
    public required IReadOnlyList<PlannedScheme> Plan { get; init; }
    /// <summary>The planned schemes grouped by the six domains, in the taxonomy's order; empty domains left out.</summary>
    public required IReadOnlyList<DomainGroup> Domains { get; init; }
    /// <summary>Eligible schemes left out of the plan, each with the reason.</summary>
    public required IReadOnlyList<NotPlanned> NotPlanned { get; init; }
    public required Ledger Ledger { get; init; }
    public required IReadOnlyList<NearMiss> NearMisses { get; init; }
    public required IReadOnlyList<FactToCollect> FactsToCollect { get; init; }
    public required IReadOnlyList<UndeterminedScheme> Undetermined { get; init; }
    public required IReadOnlyList<ManualCheckItem> ManualChecks { get; init; }
    public required IReadOnlyList<UnverifiedItem> Unverified { get; init; }
    public required Chart Chart { get; init; }
    public required RoadmapReceipt Receipt { get; init; }
}

public sealed record Client
{
    public required string Name { get; init; }
    public string? ProfileId { get; init; }
    public string? Country { get; init; }
    public string? Region { get; init; }
    /// <summary>The application the profile describes, when it names a scheme.</summary>
    public string? ApplicationSchemeId { get; init; }
}

public sealed record RoadmapSummary
{
    public required int Evaluated { get; init; }
    public required int Eligible { get; init; }
    public required int Planned { get; init; }
    public required int NearMisses { get; init; }
    public required int Undetermined { get; init; }
    /// <summary>The sum of the planned amounts that are known.</summary>
    public required decimal PlannedFundingEur { get; init; }
    /// <summary>How many planned schemes have no amount to add to <see cref="PlannedFundingEur"/>.</summary>
    public required int PlannedWithoutAmount { get; init; }
    public string? NextDeadline { get; init; }
    public string? NextDeadlineSchemeId { get; init; }
    /// <summary>The first thing to do: the first planned application, or the first change for a near miss.</summary>
    public string? FirstStep { get; init; }
}

public sealed record DomainRef(string Key, string Name, string Colour);

public sealed record PlannedScheme
{
    public required int Order { get; init; }
    public required string SchemeId { get; init; }
    public required string Name { get; init; }
    public string? LocalName { get; init; }
    public required string Funder { get; init; }
    public required string Level { get; init; }
    public required string Instrument { get; init; }
    public required DomainRef Domain { get; init; }
    public required IReadOnlyList<DomainRef> OtherDomains { get; init; }
    public decimal? AmountMinEur { get; init; }
    public decimal? AmountMaxEur { get; init; }
    /// <summary>What the plan counts on: the profile's requested aid when it applies to this scheme, else the scheme's maximum.</summary>
    public decimal? PlannedAmountEur { get; init; }
    /// <summary>"application", "scheme-maximum" or "unknown".</summary>
    public required string PlannedAmountBasis { get; init; }
    public decimal? AidIntensityPct { get; init; }
    public decimal? OwnContributionPct { get; init; }
    /// <summary>The own contribution the planned amount needs: eligible costs minus aid.</summary>
    public decimal? OwnContributionEur { get; init; }
    /// <summary>not-state-aid, de-minimis, gber, notified or mixed.</summary>
    public required string StateAidRegime { get; init; }
    public required string StateAidRegimeName { get; init; }
    /// <summary>"deadline" (a dated deadline or cut-off), "continuous" (open now, no deadline) or "expected" (date not published).</summary>
    public required string Timing { get; init; }
    public string? Deadline { get; init; }
    public string? Opens { get; init; }
    public required string CallId { get; init; }
    public string? CallTitle { get; init; }
    public string? Expected { get; init; }
    public required string SourceUrl { get; init; }
    public required bool Verified { get; init; }
    /// <summary>A de minimis grant that would take the single undertaking over the ceiling.</summary>
    public required bool CrossesCeiling { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
}

public sealed record DomainGroup(string Key, string Name, string Colour, IReadOnlyList<PlannedScheme> Schemes);

public sealed record NotPlanned(string SchemeId, string Name, string Reason, string? Citation);

public sealed record Ledger
{
    /// <summary>False when the profile lacks facts the de minimis test needs; <see cref="MissingFacts"/> names them.</summary>
    public required bool Known { get; init; }
    public required IReadOnlyList<string> MissingFacts { get; init; }
    public required decimal CeilingEur { get; init; }
    public required string WindowStart { get; init; }
    public decimal? ReceivedEur { get; init; }
    public decimal? HeadroomEur { get; init; }
    /// <summary>Every grant of the funding history with whether it counts and why.</summary>
    public required IReadOnlyList<LedgerGrant> History { get; init; }
    /// <summary>The planned de minimis grants in order, with the headroom after each.</summary>
    public required IReadOnlyList<LedgerEntry> Entries { get; init; }
    /// <summary>The first planned grant that crosses the ceiling, if any.</summary>
    public string? CrossingSchemeId { get; init; }
    /// <summary>Planned schemes whose regime depends on the activity (mixed): they count only if granted as de minimis.</summary>
    public required IReadOnlyList<string> Conditional { get; init; }
}

public sealed record LedgerGrant
{
    public required string SchemeId { get; init; }
    public required string Beneficiary { get; init; }
    public string? GrantingCountry { get; init; }
    public string? Date { get; init; }
    public decimal? AmountEur { get; init; }
    public required bool Counted { get; init; }
    /// <summary>Why it counts or not, in the report's language.</summary>
    public required string Reason { get; init; }
}

public sealed record LedgerEntry
{
    public required int Order { get; init; }
    public required string SchemeId { get; init; }
    public required string Name { get; init; }
    /// <summary>The date the grant is counted on: its deadline (the earliest it could be granted), else the evaluation date.</summary>
    public required string Date { get; init; }
    public decimal? AmountEur { get; init; }
    /// <summary>De minimis in the three years up to the date, earlier planned grants included, before this grant.</summary>
    public decimal? ReceivedBeforeEur { get; init; }
    public decimal? HeadroomBeforeEur { get; init; }
    public decimal? HeadroomAfterEur { get; init; }
    public required bool CrossesCeiling { get; init; }
    /// <summary>The facts of the funding history missing to count this grant; empty when it is counted.</summary>
    public IReadOnlyList<string> MissingFacts { get; init; } = [];
    public required string Note { get; init; }
}

public sealed record NearMiss
{
    public required string SchemeId { get; init; }
    public required string Name { get; init; }
    public string? NextDeadline { get; init; }
    public decimal? AmountMaxEur { get; init; }
    /// <summary>The changes that would close every failed criterion, in the criteria's order.</summary>
    public required IReadOnlyList<NearMissAction> Actions { get; init; }
}

public sealed record NearMissAction
{
    public required string CriterionId { get; init; }
    /// <summary>The change to make, in the report's language ("add one partner from a third country").</summary>
    public required string Text { get; init; }
    public string? Fact { get; init; }
    public string? Actual { get; init; }
    public string? Required { get; init; }
}

public sealed record FactToCollect
{
    public required int Rank { get; init; }
    /// <summary>The profile path to fill in.</summary>
    public required string Path { get; init; }
    public required string Label { get; init; }
    /// <summary>The undetermined schemes that need it.</summary>
    public required IReadOnlyList<string> SchemeIds { get; init; }
    public required int Schemes { get; init; }
    /// <summary>Schemes it would settle on its own (no other fact missing).</summary>
    public required int SettlesAlone { get; init; }
    /// <summary>The sum of the maximum amounts of those schemes, where known.</summary>
    public required decimal FundingEur { get; init; }
}

public sealed record UndeterminedScheme(string SchemeId, string Name, IReadOnlyList<string> MissingFacts, IReadOnlyList<string> CatalogueGaps);

public sealed record ManualCheckItem(string SchemeId, string SchemeName, string Id, string Text, string? Citation);

public sealed record UnverifiedItem(string SchemeId, string Name, string What);

public sealed record RoadmapReceipt
{
    public required string Catalogue { get; init; }
    public required string Engine { get; init; }
    public required string AsOf { get; init; }
    public required string Profile { get; init; }
    public required IReadOnlyList<RuleVersion> Rules { get; init; }
}

public sealed record RuleVersion(string SchemeId, string Hash, int? Version);

/// <summary>The timeline picture's geometry, computed here so that a template only draws it.</summary>
public sealed record Chart
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required int LabelWidth { get; init; }
    public required int Top { get; init; }
    public required int RowHeight { get; init; }
    /// <summary>The evaluation date's x, for the "today" line.</summary>
    public required decimal TodayX { get; init; }
    public required IReadOnlyList<ChartMonth> Months { get; init; }
    public required IReadOnlyList<ChartRow> Rows { get; init; }
    public required IReadOnlyList<DomainRef> Legend { get; init; }
}

public sealed record ChartMonth(decimal X, decimal Width, string Label, string? Year);

public sealed record ChartRow
{
    public required decimal Y { get; init; }
    public required string Label { get; init; }
    public required string SchemeId { get; init; }
    public required string Colour { get; init; }
    /// <summary>"deadline", "continuous" or "expected": solid bar, open-ended bar, dashed outline.</summary>
    public required string Kind { get; init; }
    public required decimal BarX { get; init; }
    public required decimal BarWidth { get; init; }
    /// <summary>The deadline's x, for the marker; null when there is none.</summary>
    public decimal? MarkerX { get; init; }
    public string? MarkerLabel { get; init; }
}
