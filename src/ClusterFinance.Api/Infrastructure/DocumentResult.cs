using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ClusterFinance.Api.Infrastructure;

/// <summary>
/// A large JSON document written synchronously, straight into the connection's buffers, and sent when it is complete:
/// no asynchronous serialiser state, no copy through an intermediate buffer, one flush. The bytes are those the
/// serialiser writes for the same value and options.
/// </summary>
public abstract class DocumentResult<T>(T value, int statusCode, string? location) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public T Value => value;
    object? IValueHttpResult.Value => value;
    public int StatusCode => statusCode;
    int? IStatusCodeHttpResult.StatusCode => statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (location is not null) response.Headers.Location = location;
        response.ContentType = "application/json; charset=utf-8";
        // Headers first: a body written before them would be copied once more when they are sent.
        await response.StartAsync(httpContext.RequestAborted);
        using (var writer = new Utf8JsonWriter(response.BodyWriter,
            new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, MaxDepth = options.MaxDepth, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
        }
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    protected static void Describe(EndpointBuilder builder, int statusCode) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(T), ["application/json"]));
}

/// <summary>200 with the document.</summary>
public sealed class OkDocument<T>(T value) : DocumentResult<T>(value, StatusCodes.Status200OK, null), IEndpointMetadataProvider
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "IEndpointMetadataProvider is implemented by a static member.")]
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status200OK);
}

/// <summary>201 with the document and the location of what was stored.</summary>
public sealed class CreatedDocument<T>(string location, T value) : DocumentResult<T>(value, StatusCodes.Status201Created, location), IEndpointMetadataProvider
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "IEndpointMetadataProvider is implemented by a static member.")]
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status201Created);
}
