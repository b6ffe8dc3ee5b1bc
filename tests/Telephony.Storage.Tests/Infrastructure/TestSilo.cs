using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Telephony.Storage.Orleans;

namespace Telephony.Storage.Tests.Infrastructure;

/// <summary>
/// A real silo wired exactly as the server wires it (<see cref="TelephonyStorageSiloBuilderExtensions.UseTelephonyStorage"/>)
/// on a test database, with loopback endpoints on free ports. Stopping it is a graceful silo shutdown.
/// </summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<TestSilo> StartAsync(StorageOptions storage, Action<ISiloBuilder>? configure = null)
    {
        var cluster = new TelephonySiloOptions
        {
            ClusterId = "storage-tests",
            ServiceId = "storage-tests",
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
            AdvertisedAddress = "127.0.0.1",
        };
        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseTelephonyStorage(storage, cluster);
                configure?.Invoke(silo);
            })
            .Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
