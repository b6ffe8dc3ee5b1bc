using Telephony.Server.Hosting;

namespace Telephony.Server.Admin;

/// <summary>The operators' HTTP API under <c>/admin</c>, every route behind the admin API key.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").AddEndpointFilter<AdminKeyFilter>();

        admin.MapGet("/ivr", (IvrScriptProvider scripts) => Results.Ok(new
        {
            version = scripts.Version,
            path = scripts.ScriptsPath,
            lines = scripts.Current.Scripts.Select(s => new { script = s.Name, network = s.Network, numbers = s.Numbers }),
        }));

        admin.MapPost("/ivr/reload", (IvrScriptProvider scripts) =>
        {
            var result = scripts.Reload();
            return result.Succeeded
                ? Results.Ok(new { version = result.Version })
                : Results.UnprocessableEntity(new { runningVersion = result.Version, errors = result.Errors });
        });

        return routes;
    }
}
