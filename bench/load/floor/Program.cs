// What Kestrel itself costs for one evaluation's traffic, without evaluating: it reads the request body as the API
// does and answers with a verdict document read from a file at start, written into the response in pieces and sent
// when complete, as the API writes its documents. bench/load/run.sh runs it beside the API, in the same run.
var document = File.ReadAllBytes(args.Length > 0 ? args[0] : throw new ArgumentException("Give the path of a verdict document."));
var builder = WebApplication.CreateBuilder(args[1..]);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapPost("/evaluations", async (HttpContext context) =>
{
    var body = new byte[context.Request.ContentLength ?? 0];
    var filled = 0;
    int read;
    while (filled < body.Length && (read = await context.Request.Body.ReadAsync(body.AsMemory(filled))) > 0) filled += read;

    context.Response.ContentType = "application/json; charset=utf-8";
    await context.Response.StartAsync();
    for (var at = 0; at < document.Length; at += 4096)
    {
        var piece = document.AsSpan(at, Math.Min(4096, document.Length - at));
        piece.CopyTo(context.Response.BodyWriter.GetSpan(piece.Length));
        context.Response.BodyWriter.Advance(piece.Length);
    }
    await context.Response.BodyWriter.FlushAsync();
});

app.Run();
