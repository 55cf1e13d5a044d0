using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClusterFinance.Api.Infrastructure;

/// <summary>What Swagger UI shows beyond the endpoints' own metadata: the API key and a ready-to-run example profile.</summary>
public static class OpenApiDocumentation
{
    public static void Configure(SwaggerGenOptions options, ApiSettings settings)
    {
        options.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "ClusterFinance API",
            Version = "v1",
            Description = "Which EU, national and regional funding an industrial cluster can get, and why. Reading the catalogue and evaluating a profile need no key; storing needs a client key, publishing rule versions an agency key, administration an admin key (header X-Api-Key). Errors are RFC 9457 problem details.",
            License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://github.com/clusterfinance/clusterfinance/blob/main/README.md") },
            Contact = new OpenApiContact { Name = "ClusterFinance", Url = new Uri("https://github.com/clusterfinance") },
        });
        options.AddServer(new OpenApiServer { Url = "/", Description = "This server" });
        options.AddSecurityDefinition(ApiKeyAuthentication.SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.Header,
            Description = "An API key: reader, client, agency (bound to an agency) or admin.",
        });
        options.OperationFilter<KeyRequirement>();
        options.OperationFilter<ParameterDescriptions>();
        options.DocumentFilter<TagDescriptions>();
        options.OperationFilter<ProfileExample>(settings);
        options.SupportNonNullableReferenceTypes();
    }

    /// <summary>Marks the operations that need a key, so Swagger UI sends it.</summary>
    private sealed class KeyRequirement : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var key = new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, context.Document)] = [],
            };
            operation.Security ??= [];
            // Without a key where none is needed (an empty requirement), or with one.
            var protectedOperation = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any();
            if (!protectedOperation) operation.Security.Add(new OpenApiSecurityRequirement());
            operation.Security.Add(key);
            if (!protectedOperation) return;

            operation.Responses ??= [];
            foreach (var (status, description) in new[] { ("401", "No API key, or one that is unknown or revoked."), ("403", "The key's role may not do this.") })
            {
                if (operation.Responses.ContainsKey(status)) continue;
                operation.Responses[status] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
                    },
                };
            }
        }
    }

    /// <summary>The query parameters, described once for every operation that takes them.</summary>
    private sealed class ParameterDescriptions : IOperationFilter
    {
        private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
        {
            ["asOf"] = "Evaluation date, YYYY-MM-DD. Default: the application's submission date, else today.",
            ["on"] = "Date (YYYY-MM-DD) for the version in force and call status. Default: today.",
            ["scheme"] = "Evaluate only this scheme (repeatable). Default: every scheme in force.",
            ["store"] = "Keep the evaluation with its receipt (needs a client, agency or admin key).",
            ["detail"] = "full (default): every criterion with its citation, and the manual checks; summary: only the criteria that fail or are unknown.",
            ["country"] = "ISO 3166-1 alpha-2 code of a country applicants may come from, e.g. RO.",
            ["nuts2"] = "NUTS 2021 level-2 code of the applicant's region, e.g. RO21.",
            ["level"] = "eu, national or regional.",
            ["instrument"] = "grant, loan, guarantee, equity, voucher, prize or technical-assistance.",
            ["domain"] = "innovation-rd, sustainability, internationalisation, finance, specialisation or jobs-skills.",
            ["applicantType"] = "e.g. cluster-organisation, sme, university, public-body.",
            ["status"] = "Call status on the date: open, forthcoming, expected or closed.",
            ["q"] = "Free text, searched in id, names, summary, funder and programme.",
            ["page"] = "Page number, from 1.",
            ["pageSize"] = "Items per page, 1 to 200 (schemes) or 1 to 500 (audit).",
            ["effectiveFrom"] = "First day the new version is in force, YYYY-MM-DD. Default: today.",
            ["id"] = "Identifier (a scheme id such as eu-he-eic-accelerator, or a stored profile id).",
            ["number"] = "Version number.",
            ["from"] = "Version number to compare from.",
            ["to"] = "Version number to compare to.",
            ["name"] = "Look-up table name, e.g. country-sets.",
            ["format"] = "Roadmap format: md, html or pdf (printed by Chromium). Default: chosen by the Accept header, else md.",
            ["lang"] = "Language of the roadmap: en (default) or ro.",
            ["template"] = "roadmap (default): the full adviser roadmap; summary: one page.",
        };

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                if (parameter.Name is { } name && Descriptions.TryGetValue(name, out var description))
                    parameter.Description ??= description;
        }
    }

    private sealed class TagDescriptions : IDocumentFilter
    {
        public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context) =>
            swaggerDoc.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = "Catalogue", Description = "The funding schemes, their calls, criteria and citations, and the look-up tables." },
                new() { Name = "Evaluations", Description = "Verdicts for a profile against every scheme, explained criterion by criterion." },
                new() { Name = "Profiles", Description = "Profiles kept under an id, to re-evaluate them and to test rule changes on them." },
                new() { Name = "Publishing", Description = "Agencies' rule versions: validation, scheduling, history, diff, rollback and dry runs." },
                new() { Name = "Roadmaps", Description = "Funding roadmaps rendered for a profile: Markdown, HTML or PDF, in English or Romanian." },
                new() { Name = "Administration", Description = "API keys and the audit log." },
                new() { Name = "Health", Description = "Whether the service can answer." },
            };
    }

    /// <summary>The example profile as the request body of the operations that take a profile.</summary>
    private sealed class ProfileExample(ApiSettings settings) : IOperationFilter
    {
        private readonly Lazy<JsonNode?> example = new(() =>
        {
            var path = Path.Combine(settings.Catalogue.Root, "examples", "profiles", "ro-sme-member.json");
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        });

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.OperationId is not ("Evaluate" or "PutProfile") || example.Value is null) return;
            if (operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true && media is OpenApiMediaType json)
                json.Example = example.Value.DeepClone();
        }
    }
}
