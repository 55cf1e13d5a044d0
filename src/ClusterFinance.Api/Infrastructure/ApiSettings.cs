using ClusterFinance.Core.Catalogue;

namespace ClusterFinance.Api.Infrastructure;

/// <summary>
/// Where the API finds its catalogue and keeps its database, from the ClusterFinance section of configuration
/// (appsettings.json, environment variables such as ClusterFinance__Database, or the command line).
/// </summary>
public sealed record ApiSettings(CatalogueSource Catalogue, string DatabasePath, string? AdminKey, long MaxBodyBytes)
{
    /// <summary>The Chromium that prints PDFs (ClusterFinance:Chromium); null to use CLUSTERFINANCE_CHROMIUM or the one installed.</summary>
    public string? Chromium { get; init; }

    /// <summary>How many PDFs are printed at once (ClusterFinance:PdfPrinters); more requests are answered 503 until one finishes.</summary>
    public int PdfPrinters { get; init; } = 2;

    public static ApiSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("ClusterFinance");
        var catalogue = CatalogueSource.Locate(section["Catalogue"]);
        var database = section["Database"] is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(catalogue.Root, "data", "clusterfinance.db");
        var maxBody = section.GetValue<long?>("MaxBodyBytes") ?? 1_048_576;
        return new ApiSettings(catalogue, database, section["AdminKey"] is { Length: > 0 } key ? key : null, maxBody)
        {
            Chromium = section["Chromium"] is { Length: > 0 } chromium ? chromium : null,
            PdfPrinters = section.GetValue<int?>("PdfPrinters") ?? 2,
        };
    }
}
