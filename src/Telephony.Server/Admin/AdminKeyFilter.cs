
namespace Telephony.Server.Admin;

/// <summary>Refuses any admin request without the right key, before the endpoint runs.</summary>
public sealed class AdminKeyFilter(AdminApiKey key) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!key.IsPresentedBy(context.HttpContext.Request))
        {
            return Results.Problem(
                title: "Admin API key required",
                detail: "Send the key from Admin:ApiKey (or the generated key file) as 'X-Api-Key' or 'Authorization: Bearer'.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }
}
