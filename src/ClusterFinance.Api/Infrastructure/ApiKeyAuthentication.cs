using System.Security.Claims;
using System.Text.Encodings.Web;
using ClusterFinance.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ClusterFinance.Api.Infrastructure;

/// <summary>
/// API keys sent in the X-Api-Key header. Reading the catalogue and evaluating need no key; a key that is sent
/// must be valid, wherever it is sent, so that a typo is noticed rather than silently ignored.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyStore keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values)) return AuthenticateResult.NoResult();
        var key = await keys.FindAsync(values.ToString(), Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The API key is unknown or revoked.");
        List<Claim> claims = [new(ClaimTypes.Name, key.Name), new(ClaimTypes.Role, key.Role), new("key", key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        if (key.Agency is not null) claims.Add(new Claim(Caller.AgencyClaim, key.Agency));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        var detail = Request.Headers.ContainsKey(Header)
            ? $"The API key sent in {Header} is unknown or revoked; ask an administrator for a valid key."
            : $"This needs an API key: send it in the {Header} header.";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = detail },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var caller = Caller.From(Context.User);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"The key '{caller.Name}' has the role '{caller.Role}', which may not do this. {Policies.Explain(Context.GetEndpoint())}",
            },
        });
    }

    /// <summary>Refuses any request that sends a key which is not valid, even where no key is needed.</summary>
    public static async Task RejectInvalidKeys(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers.ContainsKey(Header) && !(await context.AuthenticateAsync(SchemeName)).Succeeded)
        {
            await context.ChallengeAsync(SchemeName);
            return;
        }
        await next(context);
    }
}

/// <summary>Who is calling: the key's name, role and agency.</summary>
public sealed record Caller(string Name, string Role, string? Agency)
{
    public const string AgencyClaim = "agency";

    public static Caller From(ClaimsPrincipal user) => new(
        user.Identity?.Name ?? "anonymous",
        user.FindFirstValue(ClaimTypes.Role) ?? "none",
        user.FindFirstValue(AgencyClaim));

    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>Admins maintain every scheme; an agency key only those whose maintainer is its agency.</summary>
    public bool Maintains(string maintainer) => IsAdmin || (Role == Roles.Agency && Agency == maintainer);

    public string Actor => Agency is null ? $"{Name} ({Role})" : $"{Name} ({Role}, {Agency})";
}

/// <summary>The authorization policies: each role can do what the roles below it can.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Store = "store";
    public const string Publish = "publish";
    public const string Administer = "administer";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireRole(Roles.Reader, Roles.Client, Roles.Agency, Roles.Admin));
        options.AddPolicy(Store, p => p.RequireRole(Roles.Client, Roles.Agency, Roles.Admin));
        options.AddPolicy(Publish, p => p.RequireRole(Roles.Agency, Roles.Admin));
        options.AddPolicy(Administer, p => p.RequireRole(Roles.Admin));
    }

    public static string Explain(Endpoint? endpoint)
    {
        var policy = endpoint?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy).LastOrDefault();
        return policy switch
        {
            Read => "Reading stored profiles and evaluations needs a reader, client, agency or admin key.",
            Store => "Storing profiles and evaluations needs a client, agency or admin key.",
            Publish => "Publishing rule versions needs an agency key (for the agency's own schemes) or an admin key.",
            Administer => "Keys and the audit log need an admin key.",
            _ => "",
        };
    }
}
