namespace ClusterFinance.Data;

/// <summary>
/// One published version of a scheme: its metadata and its rule file, exactly as uploaded. Nothing is ever
/// updated or deleted; a rollback is a new version with an older version's content.
/// </summary>
public sealed class SchemeVersion
{
    public int Id { get; set; }
    public required string SchemeId { get; set; }
    /// <summary>1, 2, 3… per scheme, without gaps.</summary>
    public int Number { get; set; }
    public required string Maintainer { get; set; }
    public required string MetadataJson { get; set; }
    public required string RulesJson { get; set; }
    public string? TestsJson { get; set; }
    public required string MetadataHash { get; set; }
    public required string RulesHash { get; set; }
    /// <summary>The first day the version is in force; a future date schedules it.</summary>
    public DateOnly EffectiveFrom { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>import, publish or rollback.</summary>
    public required string Action { get; set; }
    public string? Note { get; set; }
}

/// <summary>A look-up table of catalogue/lookups/, by file name.</summary>
public sealed class LookupTable
{
    public required string Name { get; set; }
    public required string Json { get; set; }
}

/// <summary>A profile kept under an id so that it can be re-evaluated and used in dry runs.</summary>
public sealed class StoredProfile
{
    public required string Id { get; set; }
    public required string Json { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>An evaluation with everything needed to reproduce it: the profile, the date, the versions in force.</summary>
public sealed class StoredEvaluation
{
    public Guid Id { get; set; }
    public string? ProfileId { get; set; }
    public required string ProfileJson { get; set; }
    public DateOnly AsOf { get; set; }
    public required string CatalogueHash { get; set; }
    /// <summary>JSON object: scheme id to the version id (row) evaluated.</summary>
    public required string VersionIdsJson { get; set; }
    public required string ReportJson { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public required string CreatedBy { get; set; }
}

public static class Roles
{
    /// <summary>Reads stored profiles and evaluations.</summary>
    public const string Reader = "reader";
    /// <summary>A cluster or adviser: also stores profiles and evaluations.</summary>
    public const string Client = "client";
    /// <summary>An agency: also publishes the schemes it maintains.</summary>
    public const string Agency = "agency";
    /// <summary>Everything, including keys and the audit log.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Client, Agency, Admin];
}

/// <summary>An API key. Only its SHA-256 hash is kept; the key itself is shown once, when it is created.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    /// <summary>The agency an agency key acts for: the <c>maintainer</c> of the schemes it may change.</summary>
    public string? Agency { get; set; }
    public required string Hash { get; set; }
    /// <summary>The first characters of the key, to recognise it in lists and logs.</summary>
    public required string Prefix { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
}

/// <summary>Every write: who, when, what, and the hashes of what was there before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public string? BeforeHash { get; set; }
    public string? AfterHash { get; set; }
    public string? Detail { get; set; }
}
