using ClusterFinance.Api;
using ClusterFinance.Api.Admin;
using ClusterFinance.Api.Catalogue;
using ClusterFinance.Api.Evaluations;
using ClusterFinance.Api.Infrastructure;
using ClusterFinance.Api.Publishing;
using ClusterFinance.Api.Roadmaps;
using ClusterFinance.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = Startup.PublishedWebRoot(args) });

// Settings are read from the final configuration (tests and hosts may add to it until the app is built).
builder.Services.AddSingleton(sp => ApiSettings.From(sp.GetRequiredService<IConfiguration>()));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ClusterFinance.Api.Roadmaps.PdfPrinter>();
builder.Services.AddDbContextFactory<ClusterFinanceDb>((sp, o) => o.UseSqlite(ClusterFinanceDb.ConnectionString(sp.GetRequiredService<ApiSettings>().DatabasePath)));
builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ClusterFinanceDb>>().CreateDbContext());
builder.Services.AddSingleton<VersionedCatalogue>();
builder.Services.AddSingleton<CatalogueStore>();
builder.Services.AddSingleton<KeyStore>();
builder.Services.AddSingleton<DryRun>();
builder.Services.AddSingleton<DatabaseCheck>();

builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
{
    var settings = context.HttpContext.RequestServices.GetRequiredService<ApiSettings>();
    if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
        context.ProblemDetails.Detail = "Send the document as JSON, with the header Content-Type: application/json.";
    // Requests the server itself refuses while reading (a body over its limit) keep their status and say why.
    if (context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad)
    {
        context.ProblemDetails.Status = bad.StatusCode;
        context.ProblemDetails.Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? $"The request body is larger than {settings.MaxBodyBytes / 1024} KiB; send a smaller document."
            : bad.Message;
    }
});
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    // The verdict document is written by generated code: a third of the time of reflection (docs/benchmarks.md).
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, ClusterFinance.Core.Evaluation.EvaluationJsonContext.Default);
});
builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
builder.Services.AddAuthorization(Policies.Add);
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen();
builder.Services.AddOptions<Swashbuckle.AspNetCore.SwaggerGen.SwaggerGenOptions>().Configure<ApiSettings>(OpenApiDocumentation.Configure);
builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
    .Configure<ApiSettings>((kestrel, settings) => kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes);

var app = builder.Build();
await Startup.PrepareAsync(app, app.Services.GetRequiredService<ApiSettings>());

app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
// The eligibility checker page (wwwroot) at /: static files, served before authentication as they need no key.
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.Use(ApiKeyAuthentication.RejectInvalidKeys);
app.UseAuthorization();
app.UseSwagger();
app.UseSwaggerUI(o => o.DocumentTitle = "ClusterFinance API");

app.MapHealth();
app.MapCatalogue();
app.MapEvaluations();
app.MapRoadmaps();
app.MapPublishing();
app.MapAdmin();

app.Run();

/// <summary>The entry point, public for the HTTP tests.</summary>
public partial class Program;
