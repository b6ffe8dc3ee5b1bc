using System.Text;
using Microsoft.Extensions.Options;
using Telephony.Calls.Reporting;
using Telephony.Server.Admin;

namespace Telephony.Server.Reporting;

/// <summary>
/// The daily report for operators (<c>GET /admin/reports/daily</c>, behind the admin key) and the public open data
/// (<c>/opendata/</c>, no key: it is published as it is). Figures as dashboards/README.md defines them.
/// </summary>
public static class ReportEndpoints
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        var openData = configuration.GetSection(OpenDataSettings.SectionName).Get<OpenDataSettings>() ?? new OpenDataSettings();
        openData.Validate();
        services.Configure<OpenDataSettings>(configuration.GetSection(OpenDataSettings.SectionName));
        services.AddSingleton<Storage.CallCountRepository>();
        services.AddSingleton<CallReports>();
        services.AddSingleton<OpenDataFile>();
        return services;
    }

    /// <summary><c>GET /reports/daily?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;format=json|csv</c> on the admin group.</summary>
    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/reports/daily", async (HttpRequest request, CallReports reports, CancellationToken ct) =>
        {
            var query = request.Query;
            var (range, parameter, error) = ReportRange.Parse(query["from"], query["to"]);
            if (range is null)
            {
                return AdminJson.BadRequest(new FieldError(parameter!, error!));
            }

            if (ReportFormats.Parse(query["format"], ReportFormat.Json) is not { } format)
            {
                return AdminJson.BadRequest(new FieldError("format", ReportFormats.Problem));
            }

            var report = await reports.DailyAsync(range, ct);
            return format == ReportFormat.Csv
                ? Results.Text(DailyReportCsv.Write(report), CsvContentType, Encoding.UTF8)
                : Results.Json(DailyReportJson.Of(report));
        });
        return admin;
    }

    public static IEndpointRouteBuilder MapOpenData(this IEndpointRouteBuilder routes)
    {
        var open = routes.MapGroup("/opendata").AddEndpointFilter(async (context, next) =>
        {
            // A portal's preview reads the file from its own origin.
            context.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
            context.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
            return await next(context);
        });
        open.MapGet($"/{OpenDataTable.Name}.csv", async (OpenDataFile file, CancellationToken ct) =>
            Results.Text(await file.CsvAsync(ct), CsvContentType, Encoding.UTF8));
        open.MapGet("/schema.json", (IOptions<OpenDataSettings> settings) =>
            Results.Json(new OpenDataTable(settings.Value.MinimumCalls).Schema(), contentType: "application/json; charset=utf-8"));
        return routes;
    }
}
