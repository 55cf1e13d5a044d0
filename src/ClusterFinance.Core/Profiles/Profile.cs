namespace ClusterFinance.Core.Profiles;

// The applicant as described in schemas/profile.schema.json. Every member is optional: null means
// "not known", never zero or false. Collections are null when not given and empty when known to be empty.

public sealed record Profile
{
    [System.Text.Json.Serialization.JsonPropertyName("$schema")]
    public string? Schema { get; init; }
    public string? SchemaVersion { get; init; }
    public string? ProfileId { get; init; }
    public DateOnly? AsOf { get; init; }
    public Organisation? Organisation { get; init; }
    public SizeData? Size { get; init; }
    public FinanceData? Finance { get; init; }
    public ClusterData? Cluster { get; init; }
    public IReadOnlyList<FundingRecord>? FundingHistory { get; init; }
    public IReadOnlyList<Membership>? Memberships { get; init; }
    public InternationalData? International { get; init; }
    public IReadOnlyList<Project>? Projects { get; init; }
    public Application? Application { get; init; }
}

public sealed record Organisation
{
    public string? Name { get; init; }
    public string? LegalForm { get; init; }
    public string? NationalLegalForm { get; init; }
    public bool? HasLegalPersonality { get; init; }
    public bool? ForProfit { get; init; }
    public bool? BodyGovernedByPublicLaw { get; init; }
    public Ownership? Ownership { get; init; }
    public string? Country { get; init; }
    public string? Nuts2 { get; init; }
    public string? Nuts3 { get; init; }
    public DateOnly? RegistrationDate { get; init; }
    public string? RegistryId { get; init; }
}

public sealed record Ownership
{
    public decimal? PublicPct { get; init; }
    public decimal? PrivatePct { get; init; }
    public decimal? DomesticPct { get; init; }
    public decimal? LargeEnterprisePct { get; init; }
}

public sealed record SizeData
{
    public int? FiscalYear { get; init; }
    public decimal? StaffHeadcountAwu { get; init; }
    public decimal? TurnoverEur { get; init; }
    public decimal? BalanceSheetEur { get; init; }
    public IReadOnlyList<EnterpriseRelationship>? Relationships { get; init; }
}

public sealed record EnterpriseRelationship
{
    public string? EntityId { get; init; }
    /// <summary>"holds" (the applicant holds a share of the other enterprise) or "heldBy".</summary>
    public string? Direction { get; init; }
    public decimal? SharePct { get; init; }
    /// <summary>How control is exercised when it is not only the share: "majority_votes", "board_appointment", "dominant_influence", "agreement", "none".</summary>
    public string? ControlType { get; init; }
    public decimal? StaffHeadcountAwu { get; init; }
    public decimal? TurnoverEur { get; init; }
    public decimal? BalanceSheetEur { get; init; }
}

public sealed record FinanceData
{
    public decimal? OperatingProfitLastYearEur { get; init; }
    public decimal? EquityEur { get; init; }
    public decimal? RdCostsPctOfOperatingCosts { get; init; }
    public decimal? RdStaffPctFte { get; init; }
}

public sealed record ClusterData
{
    public bool? IsClusterOrganisation { get; init; }
    public decimal? ManagementStaffFte { get; init; }
    public DateOnly? ManagingSince { get; init; }
    public MemberCounts? Members { get; init; }
    public IReadOnlyList<ClusterMember>? MemberList { get; init; }
    public EccpProfile? Eccp { get; init; }
    public ExcellenceLabel? ExcellenceLabel { get; init; }
    public IReadOnlyList<NationalQualification>? NationalQualifications { get; init; }
    public IReadOnlyList<string>? NaceCodes { get; init; }
    public IReadOnlyList<string>? IndustrialEcosystems { get; init; }
    public IReadOnlyList<S3Domain>? S3Domains { get; init; }
    public decimal? MemberTurnoverEur { get; init; }
    public int? MemberEmployees { get; init; }
    public decimal? ClusterBudgetEur { get; init; }
    public decimal? PublicFundingSharePct { get; init; }
}

public sealed record MemberCounts
{
    public int? Total { get; init; }
    public int? Micro { get; init; }
    public int? Small { get; init; }
    public int? Medium { get; init; }
    public int? Large { get; init; }
    public int? ResearchOrganisations { get; init; }
    public int? Universities { get; init; }
    public int? VetProviders { get; init; }
    public int? PublicBodies { get; init; }
    public int? Other { get; init; }
    public bool? AnyMemberWithMajorityInfluence { get; init; }
}

public sealed record ClusterMember
{
    public string? Name { get; init; }
    public string? Type { get; init; }
    public string? SizeClass { get; init; }
    public string? Country { get; init; }
    public string? Nuts2 { get; init; }
}

public sealed record EccpProfile
{
    public bool? Profiled { get; init; }
    public bool? Validated { get; init; }
    public string? Url { get; init; }
}

public sealed record ExcellenceLabel
{
    /// <summary>"none", "bronze", "silver" or "gold". "none" states that the cluster holds no label.</summary>
    public string? Level { get; init; }
    public DateOnly? AssessedOn { get; init; }
    public DateOnly? ValidUntil { get; init; }
    public string? Issuer { get; init; }
}

public sealed record NationalQualification
{
    public string? Scheme { get; init; }
    public string? Level { get; init; }
    public DateOnly? ValidUntil { get; init; }
}

public sealed record S3Domain
{
    public string? Strategy { get; init; }
    public string? Domain { get; init; }
}

public sealed record FundingRecord
{
    public string? SchemeId { get; init; }
    /// <summary>"self" or the <see cref="EnterpriseRelationship.EntityId"/> of a partner or linked enterprise.</summary>
    public string? BeneficiaryEntityId { get; init; }
    public string? GrantingCountry { get; init; }
    public string? Regime { get; init; }
    public string? GberArticle { get; init; }
    public decimal? AmountEur { get; init; }
    public decimal? GrossGrantEquivalentEur { get; init; }
    public DateOnly? LegalRightDate { get; init; }
}

public sealed record Membership
{
    public string? ClusterName { get; init; }
    public bool? EccpProfiled { get; init; }
}

public sealed record InternationalData
{
    public IReadOnlyList<string>? CountriesOfCooperation { get; init; }
    public bool? EuroclusterMember { get; init; }
    public IReadOnlyList<string>? EccpPartnerships { get; init; }
}

public sealed record Project
{
    public string? ProjectId { get; init; }
    public string? Title { get; init; }
    public int? TrlStart { get; init; }
    public int? TrlTarget { get; init; }
    public string? RdiCategory { get; init; }
    public decimal? EligibleCostsEur { get; init; }
    public decimal? RequestedAidEur { get; init; }
    public int? DurationMonths { get; init; }
    public string? S3Domain { get; init; }
    public string? ImplementationNuts2 { get; init; }
}

public sealed record Application
{
    public string? SchemeId { get; init; }
    public string? CallId { get; init; }
    /// <summary>"coordinator", "partner" or "single" (a one-applicant proposal).</summary>
    public string? Role { get; init; }
    public DateOnly? SubmissionDate { get; init; }
    public decimal? RequestedAidEur { get; init; }
    public decimal? EligibleCostsEur { get; init; }
    public int? DurationMonths { get; init; }
    public int? TrlStart { get; init; }
    public int? TrlTarget { get; init; }
    /// <summary>The other partners of the proposal; the applicant itself is not listed.</summary>
    public IReadOnlyList<ConsortiumPartner>? Consortium { get; init; }
}

public sealed record ConsortiumPartner
{
    public string? Name { get; init; }
    public string? Country { get; init; }
    public string? Nuts2 { get; init; }
    public string? Nuts3 { get; init; }
    public string? EntityType { get; init; }
    public bool? ForProfit { get; init; }
    public bool? BodyGovernedByPublicLaw { get; init; }
    public bool? IsSme { get; init; }
    public bool? IsClusterOrganisation { get; init; }
    public string? Role { get; init; }
    public decimal? BudgetSharePct { get; init; }
}
