using System.Globalization;
using System.Net;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// <c>Monitoring:Url</c> puts <c>/metrics</c> and <c>/health</c> on an internal address of their own: served there,
/// and only there, while the admin API stays on the main address.
/// </summary>
public sealed class MonitoringAddressTests(ITestOutputHelper output)
{
    [EndToEndFact]
    public async Task Metrics_and_health_are_served_on_the_monitoring_address_alone()
    {
        var monitoringPort = FreePorts.Next();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Monitoring:Url"] = $"http://127.0.0.1:{monitoringPort.ToString(CultureInfo.InvariantCulture)}",
        });

        try
        {
            Assert.Contains("telephony_sip_requests_total", await server.Monitoring.GetStringAsync("/metrics"), StringComparison.Ordinal);
            using var health = await server.Monitoring.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

            using var mainMetrics = await server.Http.GetAsync("/metrics");
            using var mainHealth = await server.Http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.NotFound, mainMetrics.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, mainHealth.StatusCode);
            // Not even with the monitoring port in the Host header: the port the request came in on decides.
            using var forged = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            forged.Headers.Host = $"127.0.0.1:{monitoringPort.ToString(CultureInfo.InvariantCulture)}";
            using var forgedResponse = await server.Http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.NotFound, forgedResponse.StatusCode);

            using var admin = await server.AdminAsync(HttpMethod.Get, "/admin/agents");
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
            using var adminOnMonitoring = await server.Monitoring.GetAsync("/admin/agents");
            Assert.Equal(HttpStatusCode.NotFound, adminOnMonitoring.StatusCode);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }
}
