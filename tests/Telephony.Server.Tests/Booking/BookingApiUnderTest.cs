using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Telephony.Calls;
using Telephony.Calls.Appointments;
using Telephony.Server.Booking;
using Telephony.Server.Tests.Admin;
using Telephony.Storage;

namespace Telephony.Server.Tests.Booking;

/// <summary>
/// The booking API and page as the server maps them, on a real loopback listener, with the repository's scripts, a
/// fresh SQLite file and a clock stopped on Monday 23 November 2026 at 08:00 in Paris.
/// </summary>
internal sealed class BookingApiUnderTest : IAsyncDisposable
{
    public static readonly DateTimeOffset Monday8am = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly string _directory;

    private BookingApiUnderTest(WebApplication app, string directory, HttpClient http, FakeTimeProvider time)
    {
        _app = app;
        _directory = directory;
        Http = http;
        Time = time;
    }

    public HttpClient Http { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The booking service itself, as the IVR will call it.</summary>
    public AppointmentBooking Booking => _app.Services.GetRequiredService<AppointmentBooking>();

    public static async Task<BookingApiUnderTest> StartAsync(IAppointmentNotifications? notifications = null, int burst = 1000)
    {
        var directory = Directory.CreateTempSubdirectory("booking-api-tests-").FullName;
        var storage = new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory, "t.db")};Pooling=False" };
        var factory = StorageFactory.CreateConnectionFactory(storage);
        await new DatabaseMigrator(factory, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var time = new FakeTimeProvider(Monday8am);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Booking:RateLimit:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddSingleton(factory);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
        builder.Services.AddSingleton<ILineScripts>(new RepositoryScripts());
        if (notifications is not null)
        {
            builder.Services.AddSingleton(notifications);
        }

        builder.Services.AddBooking(builder.Configuration);
        var app = builder.Build();
        app.MapBooking();
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
        return new BookingApiUnderTest(app, directory, http, time);
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public Task<(int Status, JsonElement Body)> BookAsync(string line, string reason, string number, string slot) =>
        SendAsync(HttpMethod.Post, "/api/rendez-vous", JsonSerializer.Serialize(new { line, reason, number, slot }));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
