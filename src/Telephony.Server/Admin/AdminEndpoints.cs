using Telephony.Calls.Agents;
using Telephony.Server.Hosting;
using Telephony.Server.Reporting;

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

        admin.MapGet("/lines", (IvrScriptProvider scripts, LineOverrideService overrides) => Results.Ok(
            scripts.Current.Scripts.Select(s => new
            {
                script = s.Name,
                network = s.Network,
                numbers = s.Numbers,
                @override = overrides.Current.TryGetValue(s.Name, out var o)
                    ? new { kind = o.Kind, message = o.Message, until = o.Until, setAt = o.SetAt }
                    : null,
            })));

        admin.MapPut("/lines/{script}/override", async (string script, LineOverrideRequest request, IvrScriptProvider scripts, LineOverrideService overrides, TimeProvider time, CancellationToken ct) =>
        {
            if (scripts.Current.FindByName(script) is null)
            {
                return Results.Problem(title: "Unknown line", detail: $"No IVR script named '{script}' (see GET /admin/lines).", statusCode: StatusCodes.Status404NotFound);
            }

            if (request.Validate(time.GetUtcNow()) is { } error)
            {
                return Results.Problem(title: "Invalid override", detail: error, statusCode: StatusCodes.Status400BadRequest);
            }

            await overrides.SetAsync(script, request.ParsedKind, request.Message, request.Until, ct);
            return Results.Ok(new { script, mode = request.Mode, message = request.Message, until = request.Until });
        });

        admin.MapDelete("/lines/{script}/override", async (string script, LineOverrideService overrides, CancellationToken ct) =>
            await overrides.RemoveAsync(script, ct) ? Results.NoContent() : Results.NotFound());

        admin.MapAgentEndpoints();
        admin.MapQueueEndpoints();
        admin.MapReportEndpoints();

        // Every node's registrations of the phone (this node's own first): the cluster shares them.
        admin.MapGet("/agents/{username}/registrations", async (string username, AgentPhones phones) =>
            Results.Ok((await phones.AllAsync(username)).Select(b => new { contact = b.Contact, receivedFrom = b.ReceivedFrom, transport = b.Transport, expiresAt = b.ExpiresAt, path = b.Path, node = b.Node })));
        admin.MapClusterEndpoints();

        return routes;
    }
}
