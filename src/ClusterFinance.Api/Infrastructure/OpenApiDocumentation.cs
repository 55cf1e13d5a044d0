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
            License = new OpenApiLicense { Name = "Proprietary" },
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
        options.OperationFilter<ProfileExample>(settings);
        options.SupportNonNullableReferenceTypes();
    }

    /// <summary>Marks the operations that need a key, so Swagger UI sends it.</summary>
    private sealed class KeyRequirement : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any()) return;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, context.Document)] = [],
            });
        }
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
